package dev.rda.detection;

import java.util.List;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/** Between Java and {@link DetectorGraph}'s tensors: pixels, RoIs, arrays and scalars. */
final class DetectorFeeds {
  private DetectorFeeds() {}

  /** A batch of square canvases of side {@code canvas}, RGB. */
  static TUint8 pixels(List<Canvas> batch, int canvas) {
    int bytes = canvas * canvas * 3;
    byte[] all = new byte[batch.size() * bytes];
    for (int i = 0; i < batch.size(); i++) {
      System.arraycopy(batch.get(i).pixels(), 0, all, i * bytes, bytes);
    }
    return TUint8.tensorOf(
        Shape.of(batch.size(), canvas, canvas, 3), DataBuffers.of(all, true, false));
  }

  /**
   * RoIs in canvas pixels as crop_and_resize's [y1, x1, y2, x2] on a feature map of {@code height}
   * x {@code width} cells at {@code stride}.
   */
  static TFloat32 rois(List<Box> boxes, int stride, int height, int width) {
    float[] out = new float[boxes.size() * 4];
    double sy = 1.0 / (stride * Math.max(1, height - 1));
    double sx = 1.0 / (stride * Math.max(1, width - 1));
    for (int i = 0; i < boxes.size(); i++) {
      Box b = boxes.get(i);
      // Feature cell j is centred on image pixel (j + 0.5) * stride.
      out[4 * i] = (float) ((b.y1() - 0.5 * stride) * sy);
      out[4 * i + 1] = (float) ((b.x1() - 0.5 * stride) * sx);
      out[4 * i + 2] = (float) ((b.y2() - 0.5 * stride) * sy);
      out[4 * i + 3] = (float) ((b.x2() - 0.5 * stride) * sx);
    }
    return tensor(out, boxes.size(), 4);
  }

  static TFloat32 tensor(float[] values, long... shape) {
    return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(values, true, false));
  }

  static float[] floats(Tensor t) {
    TFloat32 f = (TFloat32) t;
    float[] out = new float[(int) f.size()];
    f.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  static double scalar(Tensor t) {
    return ((TFloat32) t).getFloat();
  }
}

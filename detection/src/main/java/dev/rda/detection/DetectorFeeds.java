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

  /**
   * A batch of images at the top-left of a black canvas as large as its largest image, rounded up
   * to a multiple of {@link DetectionConfig#SIZE_DIVISOR}, RGB.
   */
  static TUint8 pixels(List<Canvas> batch) {
    int d = DetectionConfig.SIZE_DIVISOR;
    int height = roundUp(batch.stream().mapToInt(Canvas::height).max().orElse(d), d);
    int width = roundUp(batch.stream().mapToInt(Canvas::width).max().orElse(d), d);
    int bytes = height * width * 3;
    byte[] all = new byte[batch.size() * bytes];
    for (int i = 0; i < batch.size(); i++) {
      Canvas c = batch.get(i);
      for (int y = 0; y < c.height(); y++) {
        System.arraycopy(
            c.pixels(), y * c.width() * 3, all, i * bytes + y * width * 3, c.width() * 3);
      }
    }
    return TUint8.tensorOf(
        Shape.of(batch.size(), height, width, 3), DataBuffers.of(all, true, false));
  }

  private static int roundUp(int x, int d) {
    return (x + d - 1) / d * d;
  }

  /** RoIs in image pixels, [R, 4] (x1, y1, x2, y2). */
  static TFloat32 rois(List<Box> boxes) {
    float[] out = new float[boxes.size() * 4];
    for (int i = 0; i < boxes.size(); i++) {
      Box b = boxes.get(i);
      out[4 * i] = (float) b.x1();
      out[4 * i + 1] = (float) b.y1();
      out[4 * i + 2] = (float) b.x2();
      out[4 * i + 3] = (float) b.y2();
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

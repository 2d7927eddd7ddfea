package dev.rda.data;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.strings.StringFormat;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/** The graph ops that read an image file and bring it to the network's input size. */
final class ImageDecoding {
  private ImageDecoding() {}

  /** The file at {@code path} (JPEG, PNG, BMP or GIF's first frame) as uint8 [h, w, channels]. */
  static Operand<TUint8> decode(Ops f, Operand<TString> path, int channels) {
    Operand<TUint8> image =
        f.image.decodeImage(
            f.io.readFile(path),
            TUint8.class,
            DecodeImage.channels((long) channels).expandAnimations(false));
    return f.ensureShape(image, Shape.of(-1, -1, channels));
  }

  /**
   * A decoded image [h, w, C] in [0, 1] at the input size: checked ({@code EXACT}: any other size
   * fails the run with a message naming the file) or resized whole ({@code RESIZE}).
   */
  static Operand<TFloat32> fit(
      Ops f, Operand<TFloat32> image, Operand<TString> path, ImageSpec spec, Source.Fit fit) {
    Operand<TInt32> size =
        f.slice(f.shape(image), f.constant(new int[] {0}), f.constant(new int[] {2}));
    Operand<TInt32> wanted = f.constant(new int[] {spec.height(), spec.width()});
    if (fit == Source.Fit.RESIZE) {
      Operand<TFloat32> resized =
          f.image.resizeBilinear(
              f.expandDims(image, f.constant(0)), wanted, ResizeBilinear.halfPixelCenters(true));
      return f.squeeze(resized, Squeeze.axis(List.of(0L)));
    }
    Operand<TBool> same = f.reduceAll(f.math.equal(size, wanted), f.constant(0));
    Operand<TString> problem =
        f.strings.stringFormat(
            List.of(size),
            StringFormat.template(
                    "image size (h, w) {}, expected ("
                        + spec.height()
                        + ", "
                        + spec.width()
                        + "); set data.imageSize to resize images")
                .placeholder("{}"));
    var check = f.assertThat(same, List.of(path, problem));
    // Reshape, not EnsureShape: grappler would fold the checked size into a constant from
    // EnsureShape's shape, and the check would never fail. Under the check, so it runs only after.
    return f.withControlDependencies(List.of(check))
        .reshape(image, f.constant(new int[] {spec.height(), spec.width(), spec.channels()}));
  }
}

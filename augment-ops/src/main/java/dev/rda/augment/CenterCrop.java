package dev.rda.augment;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Evaluation-time centre crop: the central {@code fraction} of each side (ImageNet's 224 of 256 is
 * 0.875), resized back to the image's size bilinearly. Deterministic.
 */
public record CenterCrop(double fraction) implements RegionCrop {

  public CenterCrop {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException(
          "center-crop: fraction must be in (0, 1], got " + fraction);
    }
  }

  @Override
  public Operand<TFloat32> boxes(Ops tf, Operand<TFloat32> images, Operand<TInt64> seed) {
    int h = (int) images.shape().get(1);
    int w = (int) images.shape().get(2);
    int ch = (int) Math.round(h * fraction);
    int cw = (int) Math.round(w * fraction);
    int top = (h - ch) / 2;
    int left = (w - cw) / 2;
    float[] box = {
      top / (float) (h - 1), left / (float) (w - 1),
      (top + ch - 1) / (float) (h - 1), (left + cw - 1) / (float) (w - 1)
    };
    Operand<TInt32> b = tf.gather(tf.shape(images), tf.constant(new int[] {0}), tf.constant(0));
    return tf.broadcastTo(
        tf.constant(new float[][] {box}),
        tf.concat(List.of(b, tf.constant(new int[] {4})), tf.constant(0)));
  }
}

package dev.rda.augment;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Evaluation-time centre crop: the largest centred region with the output's aspect ratio, shrunk to
 * {@code fraction} of each side, resized bilinearly. On an image already at the output size that is
 * the central fraction of each side; on a decoded ImageNet image with a square output it is
 * torchvision's Resize(224 / fraction) + CenterCrop(224) (0.875: 224 of 256). Deterministic.
 */
public record CenterCrop(double fraction) implements RegionCrop {

  public CenterCrop {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException(
          "center-crop: fraction must be in (0, 1], got " + fraction);
    }
  }

  @Override
  public Operand<TFloat32> boxes(
      Ops tf,
      Operand<TInt32> batch,
      Operand<TFloat32> h,
      Operand<TFloat32> w,
      int outHeight,
      int outWidth,
      Operand<TInt64> seed) {
    float aspect = (float) outWidth / outHeight;
    Operand<TFloat32> regionH = tf.math.minimum(h, tf.math.div(w, tf.constant(aspect)));
    Operand<TFloat32> regionW = tf.math.minimum(w, tf.math.mul(h, tf.constant(aspect)));
    Operand<TFloat32> f = tf.constant((float) fraction);
    Operand<TFloat32> ch = tf.math.round(tf.math.mul(regionH, f));
    Operand<TFloat32> cw = tf.math.round(tf.math.mul(regionW, f));
    Operand<TFloat32> two = tf.constant(2f);
    Operand<TFloat32> top = tf.math.floor(tf.math.div(tf.math.sub(h, ch), two));
    Operand<TFloat32> left = tf.math.floor(tf.math.div(tf.math.sub(w, cw), two));
    Operand<TFloat32> lastRow = tf.math.sub(h, tf.constant(1f));
    Operand<TFloat32> lastCol = tf.math.sub(w, tf.constant(1f));
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> box =
        tf.stack(
            List.of(
                tf.math.div(top, lastRow),
                tf.math.div(left, lastCol),
                tf.math.div(tf.math.sub(tf.math.add(top, ch), one), lastRow),
                tf.math.div(tf.math.sub(tf.math.add(left, cw), one), lastCol)));
    return tf.broadcastTo(
        tf.expandDims(box, tf.constant(0)), tf.stack(List.of(batch, tf.constant(4))));
  }
}

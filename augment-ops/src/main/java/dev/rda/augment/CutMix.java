package dev.rda.augment;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * CutMix (Yun et al., 2019), applied to a whole batch with probability p times the run-time
 * strength: lambda ~ Beta(alpha, alpha), a box of side sqrt(1 - lambda) times the image's at a
 * uniformly random centre (clipped at the borders) is pasted from a shuffled copy of the batch, and
 * the labels are mixed with lambda corrected to the area actually pasted.
 */
public record CutMix(double alpha, double p) implements BatchAugmentation {

  public CutMix {
    if (!(alpha > 0)) {
      throw new IllegalArgumentException("cutmix: alpha must be > 0, got " + alpha);
    }
    if (p < 0 || p > 1) {
      throw new IllegalArgumentException("cutmix: p must be in [0, 1], got " + p);
    }
  }

  @Override
  public Batch apply(Ops tf, Batch batch, Operand<TFloat32> strength, Operand<TInt64> seed) {
    long h = batch.images().shape().get(1);
    long w = batch.images().shape().get(2);
    Operand<TFloat32> lambda =
        Mixup.beta(tf, tf.constant((float) alpha), Seeds.derive(tf, seed, 0));
    Operand<TFloat32> cut = tf.math.sqrt(tf.math.sub(tf.constant(1f), lambda));
    Operand<TInt32> rh = tf.dtypes.cast(tf.math.mul(cut, tf.constant((float) h)), TInt32.class);
    Operand<TInt32> rw = tf.dtypes.cast(tf.math.mul(cut, tf.constant((float) w)), TInt32.class);
    Operand<TInt32> cy = Draws.index(tf, (int) h, Seeds.derive(tf, seed, 1));
    Operand<TInt32> cx = Draws.index(tf, (int) w, Seeds.derive(tf, seed, 2));
    Operand<TInt32> two = tf.constant(2);
    Operand<TInt32> y0 = clip(tf, tf.math.sub(cy, tf.math.floorDiv(rh, two)), h);
    Operand<TInt32> y1 = clip(tf, tf.math.add(cy, tf.math.floorDiv(rh, two)), h);
    Operand<TInt32> x0 = clip(tf, tf.math.sub(cx, tf.math.floorDiv(rw, two)), w);
    Operand<TInt32> x1 = clip(tf, tf.math.add(cx, tf.math.floorDiv(rw, two)), w);
    Operand<TBool> applied =
        Draws.chance(tf, tf.math.mul(tf.constant((float) p), strength), Seeds.derive(tf, seed, 3));

    Operand<TInt32> rows = tf.range(tf.constant(0), tf.constant((int) h), tf.constant(1));
    Operand<TInt32> cols = tf.range(tf.constant(0), tf.constant((int) w), tf.constant(1));
    Operand<TBool> inRows =
        tf.math.logicalAnd(tf.math.greaterEqual(rows, y0), tf.math.less(rows, y1));
    Operand<TBool> inCols =
        tf.math.logicalAnd(tf.math.greaterEqual(cols, x0), tf.math.less(cols, x1));
    Operand<TBool> box =
        tf.math.logicalAnd(
            applied,
            tf.math.logicalAnd(
                tf.reshape(inRows, tf.constant(new int[] {1, (int) h, 1, 1})),
                tf.reshape(inCols, tf.constant(new int[] {1, 1, (int) w, 1}))));

    Operand<TInt32> partner = Mixup.permutation(tf, batch.images(), Seeds.derive(tf, seed, 4));
    Operand<TFloat32> others = tf.gather(batch.images(), partner, tf.constant(0));
    Operand<TFloat32> images =
        tf.select(tf.broadcastTo(box, tf.shape(batch.images())), others, batch.images());
    Operand<TFloat32> area =
        tf.dtypes.cast(tf.math.mul(tf.math.sub(y1, y0), tf.math.sub(x1, x0)), TFloat32.class);
    Operand<TFloat32> corrected =
        tf.select(
            applied,
            tf.math.sub(tf.constant(1f), tf.math.div(area, tf.constant((float) (h * w)))),
            tf.constant(1f));
    return new Batch(images, Mixup.mix(tf, batch.labels(), partner, corrected));
  }

  private static Operand<TInt32> clip(Ops tf, Operand<TInt32> v, long bound) {
    return tf.math.minimum(tf.math.maximum(v, tf.constant(0)), tf.constant((int) bound));
  }
}

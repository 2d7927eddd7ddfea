package dev.rda.augment;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Manifold Mixup's instructions for the network, drawn in the pipeline with the labels' mix: at
 * mixing point {@code point} (0 = input; -1 = nowhere), features become lambda * h + (1 - lambda) *
 * h[partner].
 */
public record FeatureMix(Operand<TFloat32> lambda, Operand<TInt32> partner, Operand<TInt32> point) {

  /** No mixing for a batch of {@code images}. */
  public static FeatureMix none(Ops tf, Operand<TFloat32> images) {
    Operand<TInt32> n = tf.gather(tf.shape(images), tf.constant(0), tf.constant(0));
    return new FeatureMix(
        tf.constant(1f), tf.range(tf.constant(0), n, tf.constant(1)), tf.constant(-1));
  }

  /** Features at mixing point {@code at}, mixed if this batch's point is {@code at}. */
  public Operand<TFloat32> apply(Ops tf, int at, Operand<TFloat32> features) {
    Operand<TFloat32> mixed = Mixup.mix(tf, features, partner, lambda);
    return tf.select(tf.math.equal(point, tf.constant(at)), mixed, features);
  }
}

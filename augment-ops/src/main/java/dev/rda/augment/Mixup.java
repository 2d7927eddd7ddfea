package dev.rda.augment;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.StatelessRandomGetKeyCounter;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Mixup (Zhang et al., 2018): one lambda ~ Beta(gamma, gamma) per batch, the partner of each row is
 * a random permutation of the batch, and images and labels get the same convex combination. The
 * run-time strength s scales gamma to gamma * s; at s = 0 lambda is exactly 1, so the batch passes
 * unchanged.
 */
public record Mixup(double gamma) implements BatchAugmentation {

  public Mixup {
    if (!(gamma > 0)) {
      throw new IllegalArgumentException("mixup: gamma must be > 0, got " + gamma);
    }
  }

  @Override
  public Batch apply(Ops tf, Batch batch, Operand<TFloat32> strength, Operand<TInt64> seed) {
    Operand<TFloat32> lambda = lambda(tf, strength, Seeds.derive(tf, seed, 0));
    Operand<TInt32> partner = permutation(tf, batch.images(), Seeds.derive(tf, seed, 1));
    return new Batch(
        mix(tf, batch.images(), partner, lambda), mix(tf, batch.labels(), partner, lambda));
  }

  /** lambda ~ Beta(gamma * s, gamma * s); exactly 1 when s <= 0. */
  Operand<TFloat32> lambda(Ops tf, Operand<TFloat32> strength, Operand<TInt64> seed) {
    Operand<TFloat32> alpha =
        tf.math.maximum(tf.math.mul(strength, tf.constant((float) gamma)), tf.constant(1e-6f));
    return tf.select(
        tf.math.greater(strength, tf.constant(0f)), beta(tf, alpha, seed), tf.constant(1f));
  }

  /** A draw of Beta(alpha, alpha) as X / (X + Y) with X, Y ~ Gamma(alpha). */
  static Operand<TFloat32> beta(Ops tf, Operand<TFloat32> alpha, Operand<TInt64> seed) {
    StatelessRandomGetKeyCounter kc = tf.random.statelessRandomGetKeyCounter(seed);
    Operand<TFloat32> xy =
        tf.random.statelessRandomGamma(
            tf.constant(new int[] {2}), kc.key(), kc.counter(), tf.constant(1), alpha);
    Operand<TFloat32> x = tf.gather(xy, tf.constant(0), tf.constant(0));
    Operand<TFloat32> sum = tf.math.add(tf.sum(xy, tf.constant(0)), tf.constant(1e-30f));
    return tf.math.div(x, sum);
  }

  /** A uniformly random permutation of the batch rows: the order of sorted random keys. */
  static Operand<TInt32> permutation(Ops tf, Operand<TFloat32> images, Operand<TInt64> seed) {
    Operand<TInt32> n = tf.gather(tf.shape(images), tf.constant(0), tf.constant(0));
    Operand<TFloat32> keys = tf.random.statelessRandomUniform(tf.stack(List.of(n)), seed);
    return tf.nn.topK(keys, n, TInt32.class).indices();
  }

  static Operand<TFloat32> mix(
      Ops tf, Operand<TFloat32> x, Operand<TInt32> partner, Operand<TFloat32> lambda) {
    Operand<TFloat32> other = tf.gather(x, partner, tf.constant(0));
    return tf.math.add(
        tf.math.mul(x, lambda), tf.math.mul(other, tf.math.sub(tf.constant(1f), lambda)));
  }
}

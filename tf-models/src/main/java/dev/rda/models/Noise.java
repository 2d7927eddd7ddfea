package dev.rda.models;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Uniform noise for the stochastic layers, seeded from the model's {@link Parameters}. */
final class Noise {
  private Noise() {}

  /** U[0, 1) of {@code like}'s shape, or [B, 1, 1, 1] per sample when {@code perSample}. */
  static Operand<TFloat32> uniform(
      Ops tf, Parameters params, Operand<TFloat32> like, boolean perSample) {
    Operand<TInt32> shape = tf.shape(like);
    if (perSample) {
      shape =
          tf.concat(
              java.util.List.of(
                  tf.slice(shape, tf.constant(new int[] {0}), tf.constant(new int[] {1})),
                  tf.constant(new int[] {1, 1, 1})),
              tf.constant(0));
    }
    long seed = params.opSeed();
    // Stopped so that gradients never reach the random op (it has none registered).
    return tf.stopGradient(
        tf.random.randomUniform(
            shape, TFloat32.class, RandomUniform.seed(seed >>> 32), RandomUniform.seed2(seed)));
  }
}

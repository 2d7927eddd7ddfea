package dev.rda.models;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Inverted dropout: in training each unit is kept with probability 1 - rate and scaled up. */
final class Dropout {
  private final Parameters params;
  private final float rate;

  Dropout(Parameters params, float rate) {
    this.params = params;
    this.rate = rate;
  }

  Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Mode mode) {
    if (mode == Mode.EVAL || rate == 0f) {
      return x;
    }
    Operand<TFloat32> keep =
        tf.dtypes.cast(
            tf.math.greaterEqual(Noise.uniform(tf, params, x, false), tf.constant(rate)),
            TFloat32.class);
    return tf.math.mul(x, tf.math.mul(keep, tf.constant(1f / (1f - rate))));
  }
}

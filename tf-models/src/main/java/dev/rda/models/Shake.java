package dev.rda.models;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Shake-Shake's combination of two branches (Gastaldi, 2017, "shake-shake-image"): in training the
 * forward pass takes alpha * a + (1 - alpha) * b and the backward pass sends beta and 1 - beta
 * back, with alpha and beta drawn independently per image; evaluation takes the mean.
 */
final class Shake {
  private final Parameters params;

  Shake(Parameters params) {
    this.params = params;
  }

  Operand<TFloat32> apply(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b, Mode mode) {
    if (mode == Mode.EVAL) {
      return tf.math.mul(tf.math.add(a, b), tf.constant(0.5f));
    }
    Operand<TFloat32> alpha = Noise.uniform(tf, params, a, true);
    Operand<TFloat32> beta = Noise.uniform(tf, params, a, true);
    // beta * a + (1 - beta) * b carries the gradient; the stopped term moves the value to alpha's.
    Operand<TFloat32> diff = tf.math.sub(a, b);
    Operand<TFloat32> backward = tf.math.add(b, tf.math.mul(beta, diff));
    Operand<TFloat32> shift = tf.stopGradient(tf.math.mul(tf.math.sub(alpha, beta), diff));
    return tf.math.add(backward, shift);
  }
}

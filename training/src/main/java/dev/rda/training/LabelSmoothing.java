package dev.rda.training;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Smoothed targets: each (1 - e) x target + e / classes, on soft (mixed) targets as on one-hot. */
public final class LabelSmoothing {
  private LabelSmoothing() {}

  public static Operand<TFloat32> apply(
      Ops tf, Operand<TFloat32> targets, Operand<TFloat32> epsilon, int classes) {
    return tf.math.add(
        tf.math.mul(targets, tf.math.sub(tf.constant(1f), epsilon)),
        tf.math.div(epsilon, tf.constant((float) classes)));
  }
}

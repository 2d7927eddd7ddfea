package dev.rda.augment;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;

/** Derives independent stateless seeds from one, so chained augmentations never share draws. */
public final class Seeds {
  private Seeds() {}

  /** The {@code k}-th seed derived from {@code seed} (int64[2]). */
  public static Operand<TInt64> derive(Ops tf, Operand<TInt64> seed, int k) {
    return tf.math.add(seed, tf.constant(new long[] {0x9E3779B97F4A7C15L * (k + 1), 0L}));
  }
}

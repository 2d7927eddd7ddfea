package dev.rda.augment;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Cutout (DeVries and Taylor, 2017): a {@code size} x {@code size} square at a uniformly random
 * centre, clipped at the borders, set to {@code fill} (0-255). Applied with probability p times the
 * run-time strength.
 */
public record Cutout(int size, float fill, double p) implements SampleAugmentation {

  public Cutout {
    if (size < 1) {
      throw new IllegalArgumentException("cutout: size must be >= 1, got " + size);
    }
    if (p < 0 || p > 1) {
      throw new IllegalArgumentException("cutout: p must be in [0, 1], got " + p);
    }
    PilOps.checkFill("cutout", fill);
  }

  @Override
  public Operand<TFloat32> apply(
      Ops tf, Operand<TFloat32> image, Operand<TFloat32> strength, Operand<TInt64> seed) {
    Draws draws = Draws.random(tf, image.shape(), Seeds.derive(tf, seed, 0), null);
    Operand<TFloat32> cut =
        PilOps.cutout(tf, image, size, draws.center(), new float[] {fill / 255f});
    Operand<TFloat32> probability = tf.math.mul(tf.constant((float) p), strength);
    return tf.select(Draws.chance(tf, probability, Seeds.derive(tf, seed, 1)), cut, image);
  }
}

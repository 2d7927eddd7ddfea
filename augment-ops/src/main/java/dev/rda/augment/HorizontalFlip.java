package dev.rda.augment;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** Mirrors the image left-right with probability {@code p}. */
public record HorizontalFlip(double p) implements SampleAugmentation {

  public HorizontalFlip {
    if (p < 0 || p > 1) {
      throw new IllegalArgumentException("hflip: p must be in [0, 1], got " + p);
    }
  }

  @Override
  public Operand<TFloat32> apply(
      Ops tf, Operand<TFloat32> image, Operand<TFloat32> strength, Operand<TInt64> seed) {
    Operand<TFloat32> u = tf.random.statelessRandomUniform(tf.constant(new int[0]), seed);
    Operand<TFloat32> mirrored = tf.reverse(image, tf.constant(new int[] {1}));
    return tf.select(tf.math.less(u, tf.constant((float) p)), mirrored, image);
  }
}

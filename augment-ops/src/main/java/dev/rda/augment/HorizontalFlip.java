package dev.rda.augment;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/** Mirrors the image left-right with probability {@code p}. */
public record HorizontalFlip(double p) implements VectorizedSample {

  public HorizontalFlip {
    if (p < 0 || p > 1) {
      throw new IllegalArgumentException("hflip: p must be in [0, 1], got " + p);
    }
  }

  @Override
  public Operand<TFloat32> apply(
      Ops tf, Operand<TFloat32> image, Operand<TFloat32> strength, Operand<TInt64> seed) {
    Operand<TFloat32> mirrored = tf.reverse(image, tf.constant(new int[] {1}));
    return tf.select(Draws.chance(tf, tf.constant((float) p), seed), mirrored, image);
  }

  @Override
  public Operand<TFloat32> applyToBatch(
      Ops tf, Operand<TFloat32> images, Operand<TFloat32> strength, Operand<TInt64> seed) {
    Operand<TInt32> b = tf.gather(tf.shape(images), tf.constant(new int[] {0}), tf.constant(0));
    Operand<TFloat32> u = tf.random.statelessRandomUniform(b, seed);
    Operand<TBool> flip =
        tf.reshape(tf.math.less(u, tf.constant((float) p)), tf.constant(new int[] {-1, 1, 1, 1}));
    Operand<TFloat32> mirrored = tf.reverse(images, tf.constant(new int[] {2}));
    return tf.select(tf.broadcastTo(flip, tf.shape(images)), mirrored, images);
  }
}

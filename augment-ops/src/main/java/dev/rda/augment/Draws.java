package dev.rda.augment;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The random parts of one AutoAugment operation: the sign of its magnitude (+1 or -1), the centre
 * of a Cutout square (row, column) and the partner image of SamplePairing (pixels, may be null
 * where no partner exists). Training draws them from a seed; {@code rda augment apply} fixes them
 * from flags.
 */
public record Draws(Operand<TFloat32> sign, Operand<TInt32> center, Operand<TFloat32> partner) {

  /** Sign +1 or -1 with probability 1/2 each, centre uniform over the image. */
  public static Draws random(Ops tf, Shape image, Operand<TInt64> seed, Operand<TFloat32> partner) {
    Operand<TFloat32> sign =
        tf.select(
            chance(tf, tf.constant(0.5f), Seeds.derive(tf, seed, 0)),
            tf.constant(-1f),
            tf.constant(1f));
    Operand<TInt32> row = index(tf, (int) image.get(0), Seeds.derive(tf, seed, 1));
    Operand<TInt32> col = index(tf, (int) image.get(1), Seeds.derive(tf, seed, 2));
    return new Draws(sign, tf.stack(List.of(row, col)), partner);
  }

  /** A scalar uniform in 0..bound-1. */
  static Operand<TInt32> index(Ops tf, int bound, Operand<TInt64> seed) {
    return tf.random.statelessRandomUniformInt(
        tf.constant(new int[0]), seed, tf.constant(0), tf.constant(bound));
  }

  /** True with {@code probability} (a scalar; <= 0 never, >= 1 always). */
  static Operand<TBool> chance(Ops tf, Operand<TFloat32> probability, Operand<TInt64> seed) {
    Operand<TFloat32> u = tf.random.statelessRandomUniform(tf.constant(new int[0]), seed);
    return tf.math.less(u, probability);
  }
}

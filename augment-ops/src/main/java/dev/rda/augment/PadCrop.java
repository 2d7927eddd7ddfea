package dev.rda.augment;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * CIFAR-style random crop: zero-pad {@code pad} pixels on each side, then cut an H x W window at
 * a uniformly random offset in [0, 2 * pad] (composed from pad + slice, since TF's RandomCrop
 * op no longer exists).
 */
public record PadCrop(int pad) implements SampleAugmentation {

  public PadCrop {
    if (pad < 0) {
      throw new IllegalArgumentException("pad-crop: pad must be >= 0, got " + pad);
    }
  }

  @Override
  public Operand<TFloat32> apply(
      Ops tf, Operand<TFloat32> image, Operand<TFloat32> strength, Operand<TInt64> seed) {
    Shape shape = image.shape();
    Operand<TFloat32> padded =
        tf.pad(image, tf.constant(new int[][] {{pad, pad}, {pad, pad}, {0, 0}}), tf.constant(0f));
    Operand<TInt32> offset =
        tf.random.statelessRandomUniformInt(
            tf.constant(new int[] {2}), seed, tf.constant(0), tf.constant(2 * pad + 1));
    Operand<TInt32> begin = tf.concat(List.of(offset, tf.constant(new int[] {0})), tf.constant(0));
    Operand<TInt32> size =
        tf.constant(new int[] {(int) shape.get(0), (int) shape.get(1), (int) shape.get(2)});
    return tf.slice(padded, begin, size);
  }
}

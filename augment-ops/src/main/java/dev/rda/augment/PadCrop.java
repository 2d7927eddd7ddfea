package dev.rda.augment;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gather;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * CIFAR-style random crop: zero-pad {@code pad} pixels on each side, then cut an H x W window at a
 * uniformly random offset in [0, 2 * pad] (composed from pad + slice, since TF's RandomCrop op no
 * longer exists).
 */
public record PadCrop(int pad) implements VectorizedSample {

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

  @Override
  public Operand<TFloat32> applyToBatch(
      Ops tf, Operand<TFloat32> images, Operand<TFloat32> strength, Operand<TInt64> seed) {
    int h = (int) images.shape().get(1);
    int w = (int) images.shape().get(2);
    Operand<TFloat32> padded =
        tf.pad(
            images,
            tf.constant(new int[][] {{0, 0}, {pad, pad}, {pad, pad}, {0, 0}}),
            tf.constant(0f));
    Operand<TInt32> b = tf.gather(tf.shape(images), tf.constant(new int[] {0}), tf.constant(0));
    Operand<TInt32> offsets =
        tf.random.statelessRandomUniformInt(
            tf.concat(List.of(b, tf.constant(new int[] {2})), tf.constant(0)),
            seed,
            tf.constant(0),
            tf.constant(2 * pad + 1));
    // Row r of image i comes from padded row offset_i + r; likewise columns.
    Operand<TInt32> rows = windows(tf, offsets, 0, h);
    Operand<TInt32> cols = windows(tf, offsets, 1, w);
    Operand<TFloat32> cropped = tf.gather(padded, rows, tf.constant(1), Gather.batchDims(1L));
    return tf.gather(cropped, cols, tf.constant(2), Gather.batchDims(1L));
  }

  /** [B, size]: offset of each image along {@code axis} plus 0..size-1. */
  private static Operand<TInt32> windows(Ops tf, Operand<TInt32> offsets, int axis, int size) {
    Operand<TInt32> start =
        tf.gather(offsets, tf.constant(new int[] {axis}), tf.constant(1)); // [B, 1]
    return tf.math.add(start, tf.range(tf.constant(0), tf.constant(size), tf.constant(1)));
  }
}

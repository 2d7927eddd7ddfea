package dev.rda.augment;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * A crop of one region per image, resized bilinearly with TensorFlow's CropAndResize (sample points
 * span the region's first to last pixel centre). Implementations only say where the regions are.
 *
 * <p>Two uses: on a batch of same-size images, resized back to that size (the augmentation); and on
 * one freshly decoded image of any size, resized to the size the network takes ({@link #cropTo}):
 * an ImageNet-style pipeline crops at full resolution, before anything else.
 */
public interface RegionCrop extends VectorizedSample {

  /**
   * Regions [B, 4] as (top, left, bottom, right), normalised: pixel p of a side n is p/(n-1).
   *
   * @param batch int32 scalar B
   * @param height float32 scalar, the images' height
   * @param width float32 scalar, the images' width
   * @param outHeight the height the regions are resized to
   * @param outWidth the width the regions are resized to
   */
  Operand<TFloat32> boxes(
      Ops tf,
      Operand<TInt32> batch,
      Operand<TFloat32> height,
      Operand<TFloat32> width,
      int outHeight,
      int outWidth,
      Operand<TInt64> seed);

  @Override
  default Operand<TFloat32> applyToBatch(
      Ops tf, Operand<TFloat32> images, Operand<TFloat32> strength, Operand<TInt64> seed) {
    int h = (int) images.shape().get(1);
    int w = (int) images.shape().get(2);
    return crop(tf, images, tf.constant((float) h), tf.constant((float) w), h, w, seed);
  }

  /** One image: the batch form on a batch of one. */
  @Override
  default Operand<TFloat32> apply(
      Ops tf, Operand<TFloat32> image, Operand<TFloat32> strength, Operand<TInt64> seed) {
    Operand<TFloat32> batch = tf.expandDims(image, tf.constant(0));
    return tf.squeeze(applyToBatch(tf, batch, strength, seed), Squeeze.axis(List.of(0L)));
  }

  /**
   * One image [h, w, C] of any size (known only when the graph runs), its region resized to
   * [height, width, C].
   */
  default Operand<TFloat32> cropTo(
      Ops tf, Operand<TFloat32> image, int height, int width, Operand<TInt64> seed) {
    Operand<TFloat32> size = tf.dtypes.cast(tf.shape(image), TFloat32.class);
    Operand<TFloat32> h = tf.gather(size, tf.constant(0), tf.constant(0));
    Operand<TFloat32> w = tf.gather(size, tf.constant(1), tf.constant(0));
    Operand<TFloat32> batch = tf.expandDims(image, tf.constant(0));
    return tf.squeeze(crop(tf, batch, h, w, height, width, seed), Squeeze.axis(List.of(0L)));
  }

  private Operand<TFloat32> crop(
      Ops tf,
      Operand<TFloat32> images,
      Operand<TFloat32> h,
      Operand<TFloat32> w,
      int outHeight,
      int outWidth,
      Operand<TInt64> seed) {
    Operand<TInt32> b = tf.gather(tf.shape(images), tf.constant(0), tf.constant(0));
    Operand<TInt32> boxIndex = tf.range(tf.constant(0), b, tf.constant(1));
    return tf.image.cropAndResize(
        images,
        boxes(tf, b, h, w, outHeight, outWidth, seed),
        boxIndex,
        tf.constant(new int[] {outHeight, outWidth}));
  }
}

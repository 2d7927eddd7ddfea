package dev.rda.augment;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * A crop of one region per image, resized back to the image's size bilinearly with TensorFlow's
 * CropAndResize (sample points span the region's first to last pixel centre). Implementations only
 * say where the regions are.
 */
interface RegionCrop extends VectorizedSample {

  /** Regions [B, 4] as (top, left, bottom, right), normalised: pixel p of a side n is p/(n-1). */
  Operand<TFloat32> boxes(Ops tf, Operand<TFloat32> images, Operand<TInt64> seed);

  @Override
  default Operand<TFloat32> applyToBatch(
      Ops tf, Operand<TFloat32> images, Operand<TFloat32> strength, Operand<TInt64> seed) {
    int h = (int) images.shape().get(1);
    int w = (int) images.shape().get(2);
    Operand<TInt32> b = tf.gather(tf.shape(images), tf.constant(0), tf.constant(0));
    Operand<TInt32> boxIndex = tf.range(tf.constant(0), b, tf.constant(1));
    return tf.image.cropAndResize(
        images, boxes(tf, images, seed), boxIndex, tf.constant(new int[] {h, w}));
  }

  /** One image: the batch form on a batch of one. */
  @Override
  default Operand<TFloat32> apply(
      Ops tf, Operand<TFloat32> image, Operand<TFloat32> strength, Operand<TInt64> seed) {
    Operand<TFloat32> batch = tf.expandDims(image, tf.constant(0));
    return tf.squeeze(applyToBatch(tf, batch, strength, seed), Squeeze.axis(List.of(0L)));
  }
}

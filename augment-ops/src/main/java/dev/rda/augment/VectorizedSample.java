package dev.rda.augment;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A per-sample augmentation that can also run on a whole batch at once, with independent draws per
 * image. A tf.data map call per image costs far more than these ops themselves, so a pipeline whose
 * per-sample augmentations all have this form applies them after batching. The draws differ from
 * the image-by-image form (one seed per batch instead of per image), the distribution does not.
 */
public interface VectorizedSample extends SampleAugmentation {

  /**
   * @param images float32 [B, H, W, C] in [0, 1] (H, W, C static)
   * @param seed int64 [2], one per batch
   */
  Operand<TFloat32> applyToBatch(
      Ops tf, Operand<TFloat32> images, Operand<TFloat32> strength, Operand<TInt64> seed);
}

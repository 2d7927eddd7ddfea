package dev.rda.augment;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * An augmentation of one image, built as graph ops inside the tf.data map function.
 *
 * <p>Randomness is stateless: every draw is a function of {@code seed}, an int64[2] that the
 * pipeline derives from the run seed, the epoch and the image's index. The same seed gives the same
 * output whatever the number of parallel map calls.
 *
 * <p>{@code strength} is fed at run time: standard augmentations ignore it, intensive ones scale
 * their application probability with it, and at 0 they leave the image unchanged.
 */
public interface SampleAugmentation {

  /**
   * @param image float32 [H, W, C] with pixel values in [0, 1] (static shape)
   * @param strength float32 scalar, 1 = as configured, 0 = off
   * @param seed int64 [2]
   */
  Operand<TFloat32> apply(
      Ops tf, Operand<TFloat32> image, Operand<TFloat32> strength, Operand<TInt64> seed);
}

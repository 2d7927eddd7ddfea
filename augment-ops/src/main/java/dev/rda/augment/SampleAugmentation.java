package dev.rda.augment;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * An augmentation of one image, built as graph ops inside the tf.data map function.
 *
 * <p>Randomness is stateless: every draw is a function of {@code seed}, an int64[2] that the
 * pipeline derives from the run seed, the epoch and the image's index. The same seed gives the
 * same output whatever the number of parallel map calls.
 */
public interface SampleAugmentation {

  /**
   * @param image float32 [H, W, C] with pixel values in [0, 1] (static shape)
   * @param seed int64 [2]
   */
  Operand<TFloat32> apply(Ops tf, Operand<TFloat32> image, Operand<TInt64> seed);
}

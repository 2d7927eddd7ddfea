package dev.rda.augment;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * An augmentation that mixes the images (and labels) of a batch, applied after batching.
 *
 * <p>{@code strength} is fed at run time: 1 is the configured augmentation, 0 switches it off
 * exactly (the refinement phase), values between weaken it.
 */
public interface BatchAugmentation {

  Batch apply(Ops tf, Batch batch, Operand<TFloat32> strength, Operand<TInt64> seed);
}

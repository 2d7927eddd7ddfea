package dev.rda.models;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A classifier whose variables already exist; each call to {@link #logits} builds one more forward
 * path over the same variables (one for training, one for evaluation, ...).
 */
public interface Network {

  /** images: float32 [B, H, W, C], normalised. Returns logits [B, classes]. */
  default Operand<TFloat32> logits(Ops tf, Operand<TFloat32> images, Mode mode) {
    return logits(tf, images, mode, FeatureHook.NONE);
  }

  /** The same, passing the activations at each mixing point through {@code hook}. */
  Operand<TFloat32> logits(Ops tf, Operand<TFloat32> images, Mode mode, FeatureHook hook);

  /** How many mixing points {@link #logits} offers a hook: the input and early stage outputs. */
  int mixingPoints();

  Parameters parameters();
}

package dev.rda.models;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A classifier whose variables already exist; each call to {@link #forward} builds one more forward
 * path over the same variables (one for training, one for evaluation, ...).
 */
public interface Network {

  /**
   * What one forward path yields: the logits [B, classes], the penultimate features [B, D] the
   * classifier reads (for the paper's SVD analysis), and the network's named feature maps (stage
   * outputs, e.g. "C4" and "C5" of a ResNet, which detection builds on).
   */
  record Outputs(
      Operand<TFloat32> logits,
      Operand<TFloat32> penultimate,
      Map<String, Operand<TFloat32>> featureMaps) {}

  /**
   * images: float32 [B, H, W, C], normalised. {@code hook} sees the activations at each mixing
   * point (Manifold Mixup).
   */
  Outputs forward(Ops tf, Operand<TFloat32> images, Mode mode, FeatureHook hook);

  default Operand<TFloat32> logits(Ops tf, Operand<TFloat32> images, Mode mode) {
    return forward(tf, images, mode, FeatureHook.NONE).logits();
  }

  default Operand<TFloat32> logits(Ops tf, Operand<TFloat32> images, Mode mode, FeatureHook hook) {
    return forward(tf, images, mode, hook).logits();
  }

  /**
   * How many mixing points {@link #forward} offers a hook. Every family here offers three, as
   * Manifold Mixup's code does: the input and the outputs of stages 1 and 2.
   */
  default int mixingPoints() {
    return 3;
  }

  Parameters parameters();

  /**
   * The name of the feature map the last stage reads, for {@link #lastStage}; absent where a family
   * cannot run its last stage alone.
   */
  default java.util.Optional<String> lastStageInput() {
    return java.util.Optional.empty();
  }

  /**
   * The last stage alone (with what follows it before the pooling) on {@code x}, a map shaped like
   * {@link #lastStageInput}'s, over the same variables: how a C4 detector runs res5 on every RoI.
   */
  default Operand<TFloat32> lastStage(Ops tf, Operand<TFloat32> x, Mode mode) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no separable stage");
  }
}

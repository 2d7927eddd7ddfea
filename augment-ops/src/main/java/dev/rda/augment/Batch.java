package dev.rda.augment;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A batch as the pipeline carries it: images [B, H, W, C], soft labels [B, classes] and, for
 * Manifold Mixup, the mixing the network is to apply to its hidden features (null: none).
 */
public record Batch(Operand<TFloat32> images, Operand<TFloat32> labels, FeatureMix featureMix) {

  public Batch(Operand<TFloat32> images, Operand<TFloat32> labels) {
    this(images, labels, null);
  }
}

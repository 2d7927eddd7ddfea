package dev.rda.models;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * What a network lets a caller do to its activations at its mixing points, for Manifold Mixup
 * (Verma et al., 2019): point 0 is the input images, point k the output of residual stage k. A
 * network calls the hook at each of its {@link Network#mixingPoints()} points in order.
 */
@FunctionalInterface
public interface FeatureHook {
  FeatureHook NONE = (tf, point, x) -> x;

  Operand<TFloat32> at(Ops tf, int point, Operand<TFloat32> features);
}

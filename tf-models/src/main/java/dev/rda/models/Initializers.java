package dev.rda.models;

import org.tensorflow.framework.initializers.VarianceScaling;
import org.tensorflow.framework.initializers.VarianceScaling.Distribution;
import org.tensorflow.framework.initializers.VarianceScaling.Mode;
import org.tensorflow.types.TFloat32;

/** The initializers the networks use, on top of tensorflow-framework's. */
public final class Initializers {
  private Initializers() {}

  /** He et al. (2015) normal initialisation, fan-out, as ResNets are initialised. */
  public static Parameters.Initializer heNormal() {
    return (tf, shape, seed) ->
        new VarianceScaling<TFloat32>(2.0, Mode.FAN_OUT, Distribution.NORMAL, seed)
            .call(tf, tf.constant(shape), TFloat32.class);
  }

  /** Uniform in +-1/sqrt(fan_in): the usual initialisation of a final linear layer. */
  public static Parameters.Initializer linearUniform() {
    return (tf, shape, seed) ->
        new VarianceScaling<TFloat32>(1.0 / 3.0, Mode.FAN_IN, Distribution.UNIFORM, seed)
            .call(tf, tf.constant(shape), TFloat32.class);
  }

  public static Parameters.Initializer zeros() {
    return (tf, shape, seed) -> tf.zeros(tf.constant(shape), TFloat32.class);
  }

  public static Parameters.Initializer ones() {
    return (tf, shape, seed) -> tf.fill(tf.constant(shape), tf.constant(1f));
  }
}

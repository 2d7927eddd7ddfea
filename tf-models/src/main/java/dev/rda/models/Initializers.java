package dev.rda.models;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The initializers the networks use, as stateless random ops of a per-variable seed.
 *
 * <p>Written here rather than taken from tensorflow-framework 1.1.0, whose {@code VarianceScaling}
 * runs a session over the whole graph to read each shape (initialising every earlier variable
 * again: quadratic in the depth of a network) and whose uniform variant draws from [0, limit)
 * instead of [-limit, limit).
 */
public final class Initializers {
  private Initializers() {}

  /**
   * He et al. (2015) normal initialisation, fan-out: N(0, 2 / (k * k * out)), as the ResNet,
   * WideResNet and Shake-Shake papers' code initialise convolutions.
   */
  public static Parameters.Initializer heNormal() {
    return (tf, shape, seed) -> {
      double std =
          Math.sqrt(
              2.0 / Math.max(1, receptiveField(shape) * shape.get(shape.numDimensions() - 1)));
      return tf.math.mul(
          tf.random.statelessRandomNormal(tf.constant(shape), seeds(tf, seed), TFloat32.class),
          tf.constant((float) std));
    };
  }

  /** N(0, std^2): Faster R-CNN's initialisation of its RPN and box predictors. */
  public static Parameters.Initializer normal(double std) {
    return (tf, shape, seed) ->
        tf.math.mul(
            tf.random.statelessRandomNormal(tf.constant(shape), seeds(tf, seed), TFloat32.class),
            tf.constant((float) std));
  }

  /** U(-1/sqrt(in), 1/sqrt(in)) for an [in, out] kernel: the usual final linear layer. */
  public static Parameters.Initializer linearUniform() {
    return (tf, shape, seed) ->
        uniform(tf, shape, seed, 1.0 / Math.sqrt(Math.max(1, shape.get(0))));
  }

  /**
   * U(-sqrt(3 / fan_in), sqrt(3 / fan_in)), fan_in = k * k * in: torchvision's initialisation of
   * the feature pyramid's convolutions ({@code kaiming_uniform_} with a = 1).
   */
  public static Parameters.Initializer uniformFanIn() {
    return (tf, shape, seed) -> {
      long fanIn = receptiveField(shape) * shape.get(shape.numDimensions() - 2);
      return uniform(tf, shape, seed, Math.sqrt(3.0 / Math.max(1, fanIn)));
    };
  }

  /** U(-limit, limit). */
  private static Operand<TFloat32> uniform(Ops tf, Shape shape, long seed, double limit) {
    Operand<TFloat32> u =
        tf.random.statelessRandomUniform(tf.constant(shape), seeds(tf, seed), TFloat32.class);
    return tf.math.mul(
        tf.math.sub(tf.math.mul(u, tf.constant(2f)), tf.constant(1f)), tf.constant((float) limit));
  }

  public static Parameters.Initializer zeros() {
    return (tf, shape, seed) -> tf.zeros(tf.constant(shape), TFloat32.class);
  }

  public static Parameters.Initializer ones() {
    return (tf, shape, seed) -> tf.fill(tf.constant(shape), tf.constant(1f));
  }

  /** kh * kw of a convolution kernel [kh, kw, in, out]; 1 for a matrix. */
  private static long receptiveField(Shape shape) {
    long r = 1;
    for (int i = 0; i < shape.numDimensions() - 2; i++) {
      r *= shape.get(i);
    }
    return r;
  }

  private static Operand<org.tensorflow.types.TInt64> seeds(Ops tf, long seed) {
    return tf.constant(new long[] {seed, 0});
  }
}

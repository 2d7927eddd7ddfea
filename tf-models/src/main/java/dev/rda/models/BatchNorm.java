package dev.rda.models;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * Batch normalisation over NHWC channels. TRAIN normalises with the batch statistics and registers
 * the moving-average updates with {@link Parameters#addUpdate}; EVAL normalises with the moving
 * averages.
 */
public final class BatchNorm {
  static final float EPSILON = 1e-5f;

  private final Parameters params;
  private final Variable<TFloat32> gamma;
  private final Variable<TFloat32> beta;
  private final Variable<TFloat32> movingMean;
  private final Variable<TFloat32> movingVariance;
  private final float momentum;

  /**
   * @param momentum decay of the moving averages (0.9 = PyTorch's momentum 0.1)
   */
  public BatchNorm(Ops scope, Parameters params, int channels, float momentum) {
    this(scope, params, channels, momentum, Initializers.ones());
  }

  /** As above, with gamma starting from {@code gammaInit} (zeros: a residual block's last BN). */
  public BatchNorm(
      Ops scope, Parameters params, int channels, float momentum, Parameters.Initializer gammaInit) {
    this.params = params;
    this.momentum = momentum;
    Shape shape = Shape.of(channels);
    gamma = params.trainable(scope, "gamma", shape, gammaInit);
    beta = params.trainable(scope, "beta", shape, Initializers.zeros());
    movingMean = params.state(scope, "moving_mean", shape, Initializers.zeros());
    movingVariance = params.state(scope, "moving_variance", shape, Initializers.ones());
  }

  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Mode mode) {
    if (mode == Mode.EVAL) {
      return tf.nn
          .fusedBatchNorm(
              x,
              gamma,
              beta,
              movingMean,
              movingVariance,
              FusedBatchNorm.epsilon(EPSILON),
              FusedBatchNorm.isTraining(false))
          .y();
    }
    CrossReplicaMoments sync = params.crossReplica();
    if (sync != null) {
      return synchronised(tf, x, sync);
    }
    Operand<TFloat32> empty = tf.constant(new float[0]);
    FusedBatchNorm<TFloat32, TFloat32> bn =
        tf.nn.fusedBatchNorm(
            x,
            gamma,
            beta,
            empty,
            empty,
            FusedBatchNorm.epsilon(EPSILON),
            FusedBatchNorm.isTraining(true));
    params.addUpdate(movingAverage(tf, movingMean, bn.batchMean()));
    params.addUpdate(movingAverage(tf, movingVariance, bn.batchVariance()));
    return bn.y();
  }

  /**
   * Normalises with the global batch's statistics; the moving variance gets the unbiased estimate
   * (n / (n - 1)), as FusedBatchNorm reports it.
   */
  private Operand<TFloat32> synchronised(Ops tf, Operand<TFloat32> x, CrossReplicaMoments sync) {
    CrossReplicaMoments.Moments m = sync.moments(tf, x);
    Operand<TFloat32> scale =
        tf.math.div(gamma, tf.math.sqrt(tf.math.add(m.variance(), tf.constant(EPSILON))));
    Operand<TFloat32> y = tf.math.add(tf.math.mul(tf.math.sub(x, m.mean()), scale), beta);
    // Values per channel in the global batch: this slice's count times the replicas.
    Operand<TFloat32> perChannel =
        tf.math.mul(
            tf.dtypes.cast(tf.size(x), TFloat32.class),
            tf.constant((float) sync.replicas() / gamma.shape().get(0)));
    Operand<TFloat32> unbiased =
        tf.math.mul(
            m.variance(), tf.math.div(perChannel, tf.math.sub(perChannel, tf.constant(1f))));
    params.addUpdate(movingAverage(tf, movingMean, m.mean()));
    params.addUpdate(movingAverage(tf, movingVariance, unbiased));
    return y;
  }

  private org.tensorflow.op.Op movingAverage(
      Ops tf, Variable<TFloat32> average, Operand<TFloat32> batchValue) {
    Operand<TFloat32> updated =
        tf.math.add(
            tf.math.mul(average, tf.constant(momentum)),
            tf.math.mul(tf.stopGradient(batchValue), tf.constant(1f - momentum)));
    return tf.assign(average, updated);
  }
}

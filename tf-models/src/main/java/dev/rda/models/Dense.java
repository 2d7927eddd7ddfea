package dev.rda.models;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** A fully connected layer with bias: [B, in] -> [B, out]. */
public final class Dense {
  private final Variable<TFloat32> kernel;
  private final Variable<TFloat32> bias;

  public Dense(Ops scope, Parameters params, int in, int out) {
    this(scope, params, in, out, Initializers.linearUniform());
  }

  public Dense(Ops scope, Parameters params, int in, int out, Parameters.Initializer init) {
    kernel = params.trainable(scope, "kernel", Shape.of(in, out), init);
    bias = params.trainable(scope, "bias", Shape.of(out), Initializers.zeros());
  }

  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
    return tf.nn.biasAdd(tf.linalg.matMul(x, kernel), bias);
  }
}

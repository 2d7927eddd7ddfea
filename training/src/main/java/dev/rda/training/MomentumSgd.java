package dev.rda.training;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * SGD with momentum and L2 weight decay, as PyTorch's SGD: g' = g + wd * w, v = m * v + g', w -= lr
 * * v. The learning rate is an operand (a placeholder fed each step), not a constant, so a schedule
 * can change it; gradients are taken for the given variables only, never for BatchNorm statistics
 * or other state.
 */
public final class MomentumSgd {
  private final Ops tf;
  private final float momentum;
  private final float weightDecay;

  public MomentumSgd(Ops tf, double momentum, double weightDecay) {
    this.tf = tf.withSubScope("sgd");
    this.momentum = (float) momentum;
    this.weightDecay = (float) weightDecay;
  }

  /** One update of {@code variables} down the gradient of {@code loss}, after {@code before}. */
  public Op minimize(
      Operand<TFloat32> loss,
      List<Variable<TFloat32>> variables,
      Operand<TFloat32> learningRate,
      List<Op> before) {
    return apply(gradients(loss, variables), variables, learningRate, before);
  }

  /** The gradient of {@code loss} for each of {@code variables}. */
  public List<Output<?>> gradients(Operand<TFloat32> loss, List<Variable<TFloat32>> variables) {
    return tf.gradients(loss, variables).dy();
  }

  /** One update of {@code variables} by their {@code gradients}, after {@code before}. */
  public Op apply(
      List<Output<?>> gradients,
      List<Variable<TFloat32>> variables,
      Operand<TFloat32> learningRate,
      List<Op> before) {
    // Ref variables are read without a snapshot: no weight may change until every gradient
    // (and so every backward op that reads a weight) is done, or steps are racy.
    List<Op> ready = new ArrayList<>(before);
    ready.addAll(gradients);
    Ops update = tf.withControlDependencies(ready);
    List<Op> steps = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      Variable<TFloat32> w = variables.get(i);
      @SuppressWarnings("unchecked")
      Operand<TFloat32> g = (Operand<TFloat32>) gradients.get(i);
      if (weightDecay > 0) {
        g = tf.math.add(g, tf.math.mul(w, tf.constant(weightDecay)));
      }
      Ops init = tf.withInitScope();
      Variable<TFloat32> velocity =
          tf.withName(w.op().name().replace('/', '.'))
              .variable(init.zeros(init.constant(w.shape()), TFloat32.class));
      steps.add(update.train.applyMomentum(w, velocity, learningRate, g, tf.constant(momentum)));
    }
    return tf.withControlDependencies(steps).withName("train_step").noOp();
  }
}

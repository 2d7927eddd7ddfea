package dev.rda.training;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.BatchNormReluFusion;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * SGD with momentum and L2 weight decay, as PyTorch's SGD: g' = g + wd * w, v = m * v + g', w -= lr
 * * v. The learning rate is an operand (a placeholder fed each step), not a constant, so a schedule
 * can change it; gradients are taken for the given variables only, never for BatchNorm statistics
 * or other state.
 *
 * <p>The update is tensorflow-framework's {@link Optimizer#applyGradients}, which holds every
 * weight's update until all gradients are computed (ref variables are read without a snapshot, so a
 * weight that changed while a backward op still reads it would make steps racy). Its {@code
 * Momentum} cannot be used as is: its learning rate is a constant, and its {@code minimize} takes
 * the gradient of every variable of the graph and fails on BatchNorm statistics (see
 * ../shared/notes/tf-framework-1.1.0.md); so the gradients are ours and this class supplies the
 * momentum rule with a fed learning rate. The velocities keep the names they had before the
 * framework was used, so older checkpoints still restore.
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

  /**
   * The gradient of {@code loss} for each of {@code variables}, built so that TensorFlow can fuse
   * each BatchNorm with its ReLU in training (see {@link BatchNormReluFusion}).
   */
  public List<Output<?>> gradients(Operand<TFloat32> loss, List<Variable<TFloat32>> variables) {
    return BatchNormReluFusion.gradients(tf, loss, variables);
  }

  /** One update of {@code variables} by their {@code gradients}, after {@code before}. */
  public Op apply(
      List<Output<?>> gradients,
      List<Variable<TFloat32>> variables,
      Operand<TFloat32> learningRate,
      List<Op> before) {
    // The framework waits for every gradient before any update; `before` (BatchNorm statistic
    // updates) joins through the decayed gradients, which the framework then waits for.
    Ops after = before.isEmpty() ? tf : tf.withControlDependencies(before);
    List<Optimizer.GradAndVar<? extends TType>> pairs = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      Variable<TFloat32> w = variables.get(i);
      @SuppressWarnings("unchecked")
      Operand<TFloat32> g = (Operand<TFloat32>) gradients.get(i);
      Operand<TFloat32> decayed =
          weightDecay > 0
              ? after.math.add(g, tf.math.mul(w, tf.constant(weightDecay)))
              : after.identity(g);
      pairs.add(new Optimizer.GradAndVar<>(decayed.asOutput(), w.asOutput()));
    }
    return new Rule(tf, learningRate, momentum).applyGradients(pairs, "train_step");
  }

  /** The momentum update of one variable, as TensorFlow's ApplyMomentum kernel does it. */
  private static final class Rule extends Optimizer {
    private final Ops ops;
    private final Operand<TFloat32> learningRate;
    private final Operand<TFloat32> momentum;
    private final Map<String, Variable<TFloat32>> velocities = new HashMap<>();

    Rule(Ops ops, Operand<TFloat32> learningRate, float momentum) {
      super((Graph) ops.scope().env(), "sgd");
      this.ops = ops;
      this.learningRate = learningRate;
      this.momentum = ops.constant(momentum);
    }

    @Override
    protected void createSlots(List<Output<? extends TType>> variables) {
      Ops init = ops.withInitScope();
      for (Output<? extends TType> w : variables) {
        velocities.put(
            w.op().name(),
            ops.withName(w.op().name().replace('/', '.'))
                .variable(init.zeros(init.constant(w.shape()), TFloat32.class)));
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    protected <T extends TType> Op applyDense(Ops deps, Output<T> gradient, Output<T> variable) {
      // `deps` carries the wait for every gradient.
      return deps.train.applyMomentum(
          (Operand<TFloat32>) variable,
          velocities.get(variable.op().name()),
          learningRate,
          (Operand<TFloat32>) gradient,
          momentum);
    }

    @Override
    protected Op finish(List<Op> updates, String name) {
      return ops.withControlDependencies(updates).withName(name).noOp();
    }

    @Override
    public String getOptimizerName() {
      return "sgd";
    }
  }
}

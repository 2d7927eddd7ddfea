package dev.rda.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * The graph side of a weight average ({@link TrainConfig.EmaConfig}): one average per network
 * variable (weights and BatchNorm statistics, as timm's ModelEmaV3 averages its whole state),
 * updated after each optimizer step with a fed decay, and swapped into the network to evaluate it.
 * The averages are variables, so checkpoints hold them and a resumed run goes on averaging.
 */
public final class WeightAverage {
  private static final String SCOPE = "ema";

  private final Placeholder<TFloat32> decay;
  private final Op update;
  private final Op swapIn;
  private final Op swapOut;

  /** Averages of {@code variables}, each update running after {@code step}. */
  WeightAverage(Ops tf, List<Variable<TFloat32>> variables, Op step) {
    Ops ema = tf.withSubScope(SCOPE);
    Ops held = tf.withSubScope("ema_held");
    Ops init = tf.withInitScope();
    decay = ema.withName("decay").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    Ops after = ema.withControlDependencies(List.of(step));
    Operand<TFloat32> keep = decay;
    Operand<TFloat32> take = after.math.sub(after.constant(1f), decay);
    List<Op> updates = new ArrayList<>();
    List<Op> holds = new ArrayList<>();
    List<Variable<TFloat32>> averages = new ArrayList<>();
    List<Variable<TFloat32>> heldValues = new ArrayList<>();
    for (Variable<TFloat32> w : variables) {
      String name = name(w);
      Variable<TFloat32> avg =
          ema.withName(name).variable(init.zeros(init.constant(w.shape()), TFloat32.class));
      Variable<TFloat32> copy =
          held.withName(name).variable(init.zeros(init.constant(w.shape()), TFloat32.class));
      updates.add(
          after.assign(avg, after.math.add(after.math.mul(avg, keep), after.math.mul(w, take))));
      holds.add(held.assign(copy, w));
      averages.add(avg);
      heldValues.add(copy);
    }
    update = ema.withControlDependencies(updates).withName("update").noOp();
    // Evaluating the average: hold the weights, put the averages in their place; then back.
    Ops swapped = ema.withControlDependencies(holds);
    List<Op> in = new ArrayList<>();
    List<Op> out = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      in.add(swapped.assign(variables.get(i), averages.get(i)));
      out.add(ema.assign(variables.get(i), heldValues.get(i)));
    }
    swapIn = ema.withControlDependencies(in).withName("swap_in").noOp();
    swapOut = ema.withControlDependencies(out).withName("swap_out").noOp();
  }

  /**
   * The averages of {@code variables} held in the checkpoint at {@code prefix}, by the variables'
   * names (to assign them to a network, e.g. to export the average). The caller closes them.
   */
  public static Map<String, TFloat32> read(String prefix, List<Variable<TFloat32>> variables) {
    int n = variables.size();
    String[] names = new String[n];
    String[] slices = new String[n];
    List<Class<? extends TType>> types = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names[i] = SCOPE + "/" + name(variables.get(i));
      slices[i] = "";
      types.add(TFloat32.class);
    }
    Map<String, TFloat32> values = new LinkedHashMap<>();
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Restore restore =
          tf.train.restore(
              tf.constant(prefix),
              tf.constant(StdArrays.ndCopyOf(names)),
              tf.constant(StdArrays.ndCopyOf(slices)),
              types);
      Session.Runner runner = s.runner();
      restore.tensors().forEach(runner::fetch);
      Result r = runner.run();
      for (int i = 0; i < n; i++) {
        values.put(variables.get(i).op().name(), (TFloat32) r.get(i));
      }
    }
    return values;
  }

  private static String name(Variable<TFloat32> w) {
    return w.op().name().replace('/', '.');
  }

  /** The op to run instead of the step: the step, then the averages' update. */
  Op update() {
    return update;
  }

  Placeholder<TFloat32> decay() {
    return decay;
  }

  /** Runs {@code evaluation} with the averages in the network's variables, then puts them back. */
  <T> T withAverages(Session session, java.util.function.Supplier<T> evaluation) {
    session.runner().addTarget(swapIn).run().close();
    try {
      return evaluation.get();
    } finally {
      session.runner().addTarget(swapOut).run().close();
    }
  }
}

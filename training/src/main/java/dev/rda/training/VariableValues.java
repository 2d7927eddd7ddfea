package dev.rda.training;

import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Setting graph variables from values held in Java, e.g. a backbone's weights from a SavedModel.
 */
public final class VariableValues {
  private VariableValues() {}

  /** The values of {@code variables}, flattened one after another, in their order. */
  public static float[] read(Session session, List<Variable<TFloat32>> variables) {
    List<Float> values = new java.util.ArrayList<>();
    for (Variable<TFloat32> v : variables) {
      try (org.tensorflow.Result r = session.runner().fetch(v).run()) {
        ((TFloat32) r.get(0)).scalars().forEach(x -> values.add(x.getFloat()));
      }
    }
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  /** Sets each of {@code variables} whose graph name is a key of {@code values} to that value. */
  public static void assign(
      Graph graph,
      Session session,
      List<Variable<TFloat32>> variables,
      Map<String, TFloat32> values) {
    Ops tf = Ops.create(graph).withSubScope("assign_from");
    Session.Runner runner = session.runner();
    for (Variable<TFloat32> v : variables) {
      TFloat32 value = values.get(v.op().name());
      if (value != null) {
        Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(v.shape()));
        runner.feed(in, value).addTarget(tf.assign(v, in));
      }
    }
    runner.run();
  }
}

package org.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.rda.core.SessionOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class PartialRunsTest {
  /**
   * y = x * w + noise, noise drawn anew whenever y is computed; a later step's loss y * z must see
   * the noise the first step fetched (y kept, not computed again), and the update w -= z * x must
   * apply once.
   */
  @Test
  void aLaterStepReusesWhatAnEarlierStepComputed() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(3)));
      Placeholder<TFloat32> z = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      Variable<TFloat32> w = tf.variable(Shape.of(3), TFloat32.class);
      var init = tf.assign(w, tf.constant(new float[] {1, 2, 3}));
      var y =
          tf.math.add(
              tf.math.mul(x, w), tf.random.randomUniform(tf.constant(new int[] {3}), TFloat32.class));
      var loss = tf.reduceSum(tf.math.mul(y, z), tf.constant(0));
      var update = tf.assignSub(w, tf.math.mul(z, x));
      try (PartialRuns runs = new PartialRuns(g, SessionOptions.of(1));
          TFloat32 xs = TFloat32.vectorOf(1, 1, 1);
          TFloat32 zs = TFloat32.scalarOf(2)) {
        runs.session().run(init);
        float[] first = new float[3];
        float[] again = new float[3];
        try (PartialRuns.Steps s = runs.start(List.of(x, z), List.of(y, loss), update)) {
          List<Tensor> a = s.step(Map.of(x, xs), List.of(y));
          List<Tensor> b = s.step(Map.of(z, zs), List.of(loss), update);
          for (int i = 0; i < 3; i++) {
            first[i] = ((TFloat32) a.get(0)).getFloat(i);
          }
          float expected = 2 * (first[0] + first[1] + first[2]);
          assertEquals(expected, ((TFloat32) b.get(0)).getFloat(), 1e-5);
          a.forEach(Tensor::close);
          b.forEach(Tensor::close);
        }
        try (Result r = runs.session().runner().fetch(w).feed(x, xs).fetch(y).run()) {
          TFloat32 weights = (TFloat32) r.get(0);
          assertEquals(-1f, weights.getFloat(0), 1e-6);
          assertEquals(0f, weights.getFloat(1), 1e-6);
          assertEquals(1f, weights.getFloat(2), 1e-6);
          for (int i = 0; i < 3; i++) {
            again[i] = ((TFloat32) r.get(1)).getFloat(i) - weights.getFloat(i);
          }
        }
        // A new run draws new noise: the reuse above is the partial run's, not a constant's.
        assertNotEquals(first[0] - 1, again[0], 1e-6);
      }
    }
  }
}

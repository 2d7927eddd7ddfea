package org.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rda.core.SessionOptions;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class BatchNormReluFusionTest {
  private static final float[] X = {-2f, -0.5f, 0f, 0f, 0.25f, 3f, -0f, 7f};

  /**
   * The gradient of sum(relu(x) * c) for x with negatives and exact zeros (where ReLU's gradient is
   * 0 by TensorFlow's convention), with and without the edge moved: the same values, and the moved
   * ReluGrad reads the ReLU.
   */
  @Test
  void aMovedReluGradientGivesTheSameGradient() {
    float[] before = gradient(false);
    float[] after = gradient(true);
    assertArrayEquals(new float[] {0, 0, 0, 0, 4, 5, 0, 7}, before);
    assertArrayEquals(before, after);
  }

  /**
   * Two backward passes edited in one graph (as the kernel check's float32 and float64 builds are):
   * the shape constants of the second get names of their own, and both gradients still run.
   */
  @Test
  void twoBackwardPassesInOneGraphAreEditedApart() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      List<Output<?>> grads = new java.util.ArrayList<>();
      for (int pass = 0; pass < 2; pass++) {
        Ops p = tf.withSubScope("pass" + pass);
        Operand<TFloat32> x = p.constant(new float[][] {{-1, 2}, {3, -4}});
        Operand<TFloat32> y = p.nn.relu(p.math.mul(x, p.constant(1f)));
        // The product's gradient reads Shape(y), a static [2, 2]: it becomes a constant.
        Operand<TFloat32> loss =
            p.reduceSum(
                p.math.mul(y, p.constant(new float[] {1, 10})), p.constant(new int[] {0, 1}));
        Set<String> existing = OpNames.of(g);
        grads.add(p.gradients(loss, List.of(x)).dy().get(0));
        assertEquals(1, BatchNormReluFusion.prepare(g, existing));
        int shapesOfY = 0;
        for (GraphOperation reader : ((GraphOperation) y.op()).consumers(0)) {
          if (reader.type().equals("Shape")) {
            shapesOfY++;
            assertEquals(0, reader.numConsumers(0), "Shape(y) still read");
          }
        }
        assertEquals(1, shapesOfY);
      }
      try (Session s = new Session(g, SessionOptions.of(2));
          Result r = s.runner().fetch(grads.get(0)).fetch(grads.get(1)).run()) {
        for (int pass = 0; pass < 2; pass++) {
          TFloat32 v = (TFloat32) r.get(pass);
          assertArrayEquals(
              new float[] {0, 10, 1, 0},
              new float[] {v.getFloat(0, 0), v.getFloat(0, 1), v.getFloat(1, 0), v.getFloat(1, 1)});
        }
      }
    }
  }

  private static float[] gradient(boolean move) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(8)));
      // The ReLU's input is itself computed, as a BatchNorm's output is.
      Operand<TFloat32> pre = tf.math.mul(x, tf.constant(1f));
      Operand<TFloat32> relu = tf.nn.relu(pre);
      Operand<TFloat32> loss =
          tf.reduceSum(
              tf.math.mul(relu, tf.constant(new float[] {1, 1, 1, 1, 4, 5, 6, 7})), tf.constant(0));
      Set<String> existing = OpNames.of(g);
      Output<?> dx = tf.gradients(loss, List.of(x)).dy().get(0);
      int moved = move ? BatchNormReluFusion.prepare(g, existing) : 0;
      assertEquals(move ? 1 : 0, moved);
      GraphOperation grad = only(g, "ReluGrad");
      assertEquals(move ? relu.op().name() : pre.op().name(), grad.input(1).op().name());
      try (Session s = new Session(g, SessionOptions.of(2));
          TFloat32 xs = TFloat32.vectorOf(X);
          Result r = s.runner().feed(x, xs).fetch(dx).run()) {
        TFloat32 v = (TFloat32) r.get(0);
        float[] out = new float[8];
        for (int i = 0; i < 8; i++) {
          out[i] = v.getFloat(i);
        }
        return out;
      }
    }
  }

  private static GraphOperation only(Graph g, String type) {
    GraphOperation found = null;
    for (Iterator<GraphOperation> it = g.operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      if (op.type().equals(type)) {
        assertEquals(null, found, "two " + type);
        found = op;
      }
    }
    return found;
  }
}

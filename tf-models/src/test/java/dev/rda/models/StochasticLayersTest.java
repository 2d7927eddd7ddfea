package dev.rda.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class StochasticLayersTest {

  /**
   * With a = 1 and b = 0 the forward value of each image is its alpha, and the gradient of the sum
   * with respect to a is its beta: in training they must differ (drawn independently), both in [0,
   * 1]; in evaluation both are 0.5.
   */
  @Test
  void shakeShakeForwardAndBackwardCoefficientsDifferInTraining() {
    int n = 64;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Shake shake = new Shake(new Parameters(5));
      Operand<TFloat32> a = tf.fill(tf.constant(new int[] {n, 2, 2, 3}), tf.constant(1f));
      Operand<TFloat32> b = tf.zerosLike(a);
      Operand<TFloat32> train = shake.apply(tf, a, b, Mode.TRAIN);
      Operand<TFloat32> eval = shake.apply(tf, a, b, Mode.EVAL);
      Output<?>[] gradTrain =
          g.addGradients(
              tf.sum(train, tf.constant(new int[] {0, 1, 2, 3})).asOutput(),
              new Output<?>[] {a.asOutput(), b.asOutput()});
      Output<?>[] gradEval =
          g.addGradients(
              tf.sum(eval, tf.constant(new int[] {0, 1, 2, 3})).asOutput(),
              new Output<?>[] {a.asOutput()});
      try (Session s = new Session(g);
          Result r =
              s.runner()
                  .fetch(train)
                  .fetch(gradTrain[0])
                  .fetch(gradTrain[1])
                  .fetch(eval)
                  .fetch(gradEval[0])
                  .run()) {
        TFloat32 forward = (TFloat32) r.get(0);
        TFloat32 gradA = (TFloat32) r.get(1);
        TFloat32 gradB = (TFloat32) r.get(2);
        int differing = 0;
        for (int i = 0; i < n; i++) {
          float alpha = forward.getFloat(i, 0, 0, 0);
          float beta = gradA.getFloat(i, 0, 0, 0);
          assertTrue(alpha >= 0 && alpha < 1 && beta >= 0 && beta < 1);
          // One coefficient per image: the same at every pixel and channel.
          assertEquals(alpha, forward.getFloat(i, 1, 1, 2), 0f);
          assertEquals(beta, gradA.getFloat(i, 1, 0, 1), 0f);
          assertEquals(1 - beta, gradB.getFloat(i, 0, 1, 2), 1e-6f);
          if (Math.abs(alpha - beta) > 1e-3) {
            differing++;
          }
        }
        assertTrue(differing > n - 3, "alpha and beta differ for " + differing + " of " + n);
        assertEquals(0.5f, ((TFloat32) r.get(3)).getFloat(7, 1, 0, 2), 0f);
        assertEquals(0.5f, ((TFloat32) r.get(4)).getFloat(3, 0, 0, 0), 0f);
      }
    }
  }

  @Test
  void dropoutKeepsTheExpectedShareScaledUpAndIsOffInEvaluation() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Dropout dropout = new Dropout(new Parameters(1), 0.3f);
      Operand<TFloat32> x = tf.fill(tf.constant(new int[] {100, 10, 10, 10}), tf.constant(1f));
      try (Session s = new Session(g);
          Result r =
              s.runner()
                  .fetch(dropout.apply(tf, x, Mode.TRAIN))
                  .fetch(dropout.apply(tf, x, Mode.EVAL))
                  .run()) {
        TFloat32 train = (TFloat32) r.get(0);
        long kept = 0;
        for (int i = 0; i < 100; i++) {
          for (int j = 0; j < 1000; j++) {
            float v = train.getFloat(i, j / 100, (j / 10) % 10, j % 10);
            assertTrue(v == 0f || Math.abs(v - 1 / 0.7f) < 1e-6, "value " + v);
            kept += v > 0 ? 1 : 0;
          }
        }
        // 100,000 units kept with p = 0.7: sd 145.
        assertEquals(70_000, kept, 600);
        assertEquals(1f, ((TFloat32) r.get(1)).getFloat(42, 3, 4, 5), 0f);
      }
    }
  }

  @Test
  void initializersHaveTheirVariancesAndAreCentred() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      org.tensorflow.ndarray.Shape conv = org.tensorflow.ndarray.Shape.of(3, 3, 64, 128);
      org.tensorflow.ndarray.Shape dense = org.tensorflow.ndarray.Shape.of(512, 100);
      try (Session s = new Session(g);
          Result r =
              s.runner()
                  .fetch(Initializers.heNormal().create(tf, conv, 3))
                  .fetch(Initializers.linearUniform().create(tf, dense, 4))
                  .run()) {
        double[] he = moments((TFloat32) r.get(0));
        assertEquals(0, he[0], 0.002);
        assertEquals(2.0 / (9 * 128), he[1], 0.02 * 2.0 / (9 * 128));
        double[] lin = moments((TFloat32) r.get(1));
        double limit = 1 / Math.sqrt(512);
        assertEquals(0, lin[0], 0.01 * limit);
        assertEquals(limit * limit / 3, lin[1], 0.02 * limit * limit / 3);
        assertTrue(lin[2] < -0.99 * limit && lin[3] > 0.99 * limit && lin[3] <= limit);
      }
    }
  }

  /** Mean, variance, min, max. */
  private static double[] moments(TFloat32 t) {
    List<Float> values = new java.util.ArrayList<>();
    t.scalars().forEach(f -> values.add(f.getFloat()));
    double mean = values.stream().mapToDouble(Float::doubleValue).average().orElseThrow();
    double var = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).average().orElseThrow();
    double min = values.stream().mapToDouble(Float::doubleValue).min().orElseThrow();
    double max = values.stream().mapToDouble(Float::doubleValue).max().orElseThrow();
    return new double[] {mean, var, min, max};
  }
}

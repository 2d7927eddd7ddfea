package dev.rda.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class MixupTest {
  private static final int B = 16;

  /** Image r is the constant r, its label is one-hot at r: a mixed image must equal sum_j y_j * j. */
  private static Batch indexBatch(Ops tf) {
    float[][][][] images = new float[B][2][2][1];
    float[][] labels = new float[B][B];
    for (int r = 0; r < B; r++) {
      for (float[][] row : images[r]) {
        for (float[] px : row) {
          px[0] = r;
        }
      }
      labels[r][r] = 1f;
    }
    return new Batch(tf.constant(images), tf.constant(labels));
  }

  private static Batch mix(Ops tf, float strength, long seed) {
    return new Mixup(1.0)
        .apply(tf, indexBatch(tf), tf.constant(strength), tf.constant(new long[] {seed, 11}));
  }

  @Test
  void labelsAreConvexAndImagesFollowTheSameCombination() {
    try (GraphRunner g = new GraphRunner()) {
      for (long seed = 1; seed <= 5; seed++) {
        Batch mixed = mix(g.tf, 1f, seed);
        float[][] y = GraphRunner.rows(g.flat(mixed.labels()), B);
        float[][] x = GraphRunner.rows(g.flat(mixed.images()), 4);
        double lambda = -1;
        for (int r = 0; r < B; r++) {
          double sum = 0;
          double expected = 0;
          for (int j = 0; j < B; j++) {
            assertTrue(y[r][j] >= 0);
            sum += y[r][j];
            expected += y[r][j] * j;
          }
          assertEquals(1.0, sum, 1e-5, "label row " + r + " sums to 1");
          for (float pixel : x[r]) {
            assertEquals(expected, pixel, 1e-4, "image row " + r + " is the label's combination");
          }
          // One lambda per batch: the weight a row keeps on itself is lambda (or 1 if paired with itself).
          if (y[r][r] < 0.999f) {
            if (lambda < 0) {
              lambda = y[r][r];
            }
            assertEquals(lambda, y[r][r], 1e-5);
          }
        }
      }
    }
  }

  @Test
  void strengthZeroIsExactlyTheIdentity() {
    try (GraphRunner g = new GraphRunner()) {
      Batch original = indexBatch(g.tf);
      Batch mixed = mix(g.tf, 0f, 3);
      assertArrayEquals(g.flat(original.images()), g.flat(mixed.images()));
      assertArrayEquals(g.flat(original.labels()), g.flat(mixed.labels()));
    }
  }

  @Test
  void lambdaFollowsBetaOneOne() {
    // gamma = 1: lambda ~ Uniform(0, 1), mean 1/2, variance 1/12.
    try (GraphRunner g = new GraphRunner()) {
      Ops tf = g.tf;
      int n = 300;
      double sum = 0;
      double sumSq = 0;
      var seed = tf.placeholder(org.tensorflow.types.TInt64.class);
      Operand<TFloat32> labels =
          new Mixup(1.0).apply(tf, indexBatch(tf), tf.constant(1f), seed).labels();
      for (int s = 0; s < n; s++) {
        float[][] y;
        try (var t = org.tensorflow.types.TInt64.vectorOf(1000 + s, 11)) {
          y = GraphRunner.rows(g.flat(labels, seed, t), B);
        }
        // A row's weight on its own image is lambda unless it was paired with itself (then 1).
        double lambda = 0;
        for (int r = 0; r < B; r++) {
          if (y[r][r] < 0.999f) {
            lambda = y[r][r];
            break;
          }
        }
        sum += lambda;
        sumSq += lambda * lambda;
      }
      double mean = sum / n;
      double var = sumSq / n - mean * mean;
      assertEquals(0.5, mean, 0.06);
      assertEquals(1.0 / 12, var, 0.025);
    }
  }
}

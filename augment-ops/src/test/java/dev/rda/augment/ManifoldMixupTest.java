package dev.rda.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

class ManifoldMixupTest {

  @Test
  void featureMixActsOnlyAtItsPoint() {
    try (GraphRunner g = new GraphRunner()) {
      Operand<TFloat32> h = g.tf.constant(new float[][] {{1, 2}, {10, 20}, {100, 200}});
      FeatureMix mix =
          new FeatureMix(
              g.tf.constant(0.25f), g.tf.constant(new int[] {2, 0, 1}), g.tf.constant(1));
      assertArrayEquals(g.flat(h), g.flat(mix.apply(g.tf, 0, h)));
      assertArrayEquals(g.flat(h), g.flat(mix.apply(g.tf, 2, h)));
      // Row i = 0.25 * row i + 0.75 * row partner[i].
      assertArrayEquals(
          new float[] {75.25f, 150.5f, 3.25f, 6.5f, 32.5f, 65f},
          g.flat(mix.apply(g.tf, 1, h)),
          1e-4f);
      assertArrayEquals(g.flat(h), g.flat(FeatureMix.none(g.tf, h).apply(g.tf, 0, h)));
    }
  }

  @Test
  void labelsMixLikeMixupAndThePointIsDrawnAmongTheEligibleOnes() {
    try (GraphRunner g = new GraphRunner()) {
      int b = 8;
      float[][][][] images = new float[b][2][2][1];
      float[][] labels = new float[b][b];
      for (int i = 0; i < b; i++) {
        labels[i][i] = 1;
      }
      Batch in = new Batch(g.tf.constant(images), g.tf.constant(labels));
      Set<Integer> points = new HashSet<>();
      for (long s = 0; s < 40; s++) {
        Batch out =
            new ManifoldMixup(2.0, 3)
                .apply(g.tf, in, g.tf.constant(1f), g.tf.constant(new long[] {s, 3}));
        assertArrayEquals(
            g.flat(in.images()), g.flat(out.images()), "images are mixed in the network");
        float lambda = g.flat(out.featureMix().lambda())[0];
        float[][] y = GraphRunner.rows(g.flat(out.labels()), b);
        for (int i = 0; i < b; i++) {
          float sum = 0;
          for (float v : y[i]) {
            sum += v;
          }
          assertEquals(1f, sum, 1e-5);
          assertTrue(y[i][i] >= lambda - 1e-5, "own label keeps at least lambda");
        }
        points.add((int) g.flat(g.tf.dtypes.cast(out.featureMix().point(), TFloat32.class))[0]);
        Batch off =
            new ManifoldMixup(2.0, 3)
                .apply(g.tf, in, g.tf.constant(0f), g.tf.constant(new long[] {s, 3}));
        assertEquals(1f, g.flat(off.featureMix().lambda())[0]);
        assertArrayEquals(g.flat(in.labels()), g.flat(off.labels()));
      }
      assertEquals(Set.of(0, 1, 2), points);
    }
  }
}

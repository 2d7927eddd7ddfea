package dev.rda.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

class IntensiveAugmentationTest {

  private static float[][][] constant(int h, int w, int c, float v) {
    float[][][] img = new float[h][w][c];
    for (float[][] row : img) {
      for (float[] px : row) {
        java.util.Arrays.fill(px, v);
      }
    }
    return img;
  }

  /** Runs {@code aug} on {@code image} once per seed (fed), returning the flat outputs. */
  private static float[][] runSeeds(
      SampleAugmentation aug, float[][][] image, float strength, int n) {
    try (GraphRunner g = new GraphRunner()) {
      Placeholder<TInt64> seed = g.tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
      Operand<TFloat32> out = aug.apply(g.tf, g.tf.constant(image), g.tf.constant(strength), seed);
      float[][] outs = new float[n][];
      for (int i = 0; i < n; i++) {
        try (TInt64 s = TInt64.vectorOf(i, 17)) {
          outs[i] = g.flat(out, seed, s);
        }
      }
      return outs;
    }
  }

  @Test
  void policyPicksSubPoliciesUniformlyAndStepsWithTheirProbabilityTimesStrength() {
    // On a constant image of 100 every outcome tells which branch ran.
    Policy policy =
        Policy.parse(
            "test",
            """
            Invert:0.5:0,Brightness:0.0:0;
            Posterize:1.0:10,Invert:0.25:0;
            Brightness:1.0:0,Invert:0.0:0\
            """);
    float[][][] image = constant(4, 4, 1, 100 / 255f);
    int n = 3000;
    Map<Integer, Integer> counts = new HashMap<>();
    for (float[] out : runSeeds(new AutoAugment(policy, 128), image, 1f, n)) {
      int v = Math.round(out[0] * 255);
      for (float x : out) {
        assertEquals(v, Math.round(x * 255), "the ops here treat every pixel alike");
      }
      counts.merge(v, 1, Integer::sum);
    }
    // 155: invert (1/3 * 1/2); 100: nothing (1/3 * 1/2); 0: posterize to 0 bits (1/3 * 3/4);
    // 255: then inverted (1/3 * 1/4); 10: brightness factor 0.1 (1/3).
    Map<Integer, Double> expected =
        Map.of(155, 1 / 6.0, 100, 1 / 6.0, 0, 0.25, 255, 1 / 12.0, 10, 1 / 3.0);
    assertEquals(expected.keySet(), counts.keySet());
    for (var e : expected.entrySet()) {
      double observed = counts.get(e.getKey()) / (double) n;
      // 4 standard deviations of a binomial proportion.
      double tolerance = 4 * Math.sqrt(e.getValue() * (1 - e.getValue()) / n);
      assertEquals(e.getValue(), observed, tolerance, "outcome " + e.getKey());
    }
    // Half strength halves each step's probability: sub-policy 3 applies half the time.
    int tens = 0;
    for (float[] out : runSeeds(new AutoAugment(policy, 128), image, 0.5f, n)) {
      tens += Math.round(out[0] * 255) == 10 ? 1 : 0;
    }
    assertEquals(1 / 6.0, tens / (double) n, 4 * Math.sqrt(1 / 6.0 * 5 / 6.0 / n));
  }

  @Test
  void atStrengthZeroEveryIntensiveOpLeavesTheImageAlone() {
    Random r = new Random(3);
    float[][][] image = new float[8][8][3];
    for (float[][] row : image) {
      for (float[] px : row) {
        for (int k = 0; k < 3; k++) {
          px[k] = r.nextInt(256) / 255f;
        }
      }
    }
    float[] original = flat(image);
    for (SampleAugmentation aug :
        new SampleAugmentation[] {
          new AutoAugment(Policy.CIFAR10, 128),
          new AutoAugment(Policy.IMAGENET, 0),
          new AutoAugment(Policy.SVHN, 128),
          new RandAugment(2, 9, 128),
          new Cutout(4, 128, 1)
        }) {
      for (float[] out : runSeeds(aug, image, 0f, 20)) {
        assertArrayEquals(original, out, aug.toString());
      }
      // ... and at strength 1 they do change it for some seed, with values still uint8 / 255.
      boolean changed = false;
      for (float[] out : runSeeds(aug, image, 1f, 20)) {
        changed |= !java.util.Arrays.equals(original, out);
        for (float v : out) {
          assertTrue(
              v >= 0 && v <= 1 && Math.abs(v * 255 - Math.round(v * 255)) < 1e-3, aug + ": " + v);
        }
      }
      assertTrue(changed, aug + " never changed the image");
    }
  }

  @Test
  void cutoutFillsAClippedSquareAroundAUniformCentre() {
    float[][][] image = constant(8, 8, 1, 0.25f);
    int sawClipped = 0;
    for (float[] out : runSeeds(new Cutout(4, 255, 1), image, 1f, 200)) {
      int top = 8, bottom = -1, left = 8, right = -1, filled = 0;
      for (int i = 0; i < 64; i++) {
        if (out[i] == 1f) {
          filled++;
          top = Math.min(top, i / 8);
          bottom = Math.max(bottom, i / 8);
          left = Math.min(left, i % 8);
          right = Math.max(right, i % 8);
        } else {
          assertEquals(0.25f, out[i]);
        }
      }
      int h = bottom - top + 1;
      int w = right - left + 1;
      assertEquals(h * w, filled, "a filled rectangle");
      assertTrue(h >= 2 && h <= 4 && w >= 2 && w <= 4, h + "x" + w);
      // A side shorter than 4 only where the square hits a border.
      assertTrue(h == 4 || top == 0 || bottom == 7);
      assertTrue(w == 4 || left == 0 || right == 7);
      sawClipped += h * w < 16 ? 1 : 0;
    }
    assertTrue(sawClipped > 20 && sawClipped < 150, "clipped squares: " + sawClipped);
  }

  @Test
  void cutMixLambdaIsThePastedAreaAndStrengthZeroIsIdentity() {
    int b = 16;
    float[][][][] images = new float[b][8][8][1];
    float[][] labels = new float[b][b];
    for (int i = 0; i < b; i++) {
      for (float[][] row : images[i]) {
        for (float[] px : row) {
          px[0] = i;
        }
      }
      labels[i][i] = 1;
    }
    int mixedBatches = 0;
    try (GraphRunner g = new GraphRunner()) {
      Placeholder<TInt64> seed = g.tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
      Batch in = new Batch(g.tf.constant(images), g.tf.constant(labels));
      Batch on = new CutMix(1, 1).apply(g.tf, in, g.tf.constant(1f), seed);
      Batch off = new CutMix(1, 1).apply(g.tf, in, g.tf.constant(0f), seed);
      for (int s = 0; s < 30; s++) {
        try (TInt64 sv = TInt64.vectorOf(s, 5)) {
          assertArrayEquals(g.flat(in.images()), g.flat(off.images(), seed, sv));
          assertArrayEquals(g.flat(in.labels()), g.flat(off.labels(), seed, sv));
          float[][] x = GraphRunner.rows(g.flat(on.images(), seed, sv), 64);
          float[][] y = GraphRunner.rows(g.flat(on.labels(), seed, sv), b);
          boolean mixed = false;
          for (int i = 0; i < b; i++) {
            Map<Integer, Integer> sources = new HashMap<>();
            for (float v : x[i]) {
              sources.merge((int) v, 1, Integer::sum);
            }
            int own = sources.getOrDefault(i, 0);
            float sum = 0;
            for (float v : y[i]) {
              sum += v;
            }
            assertEquals(1f, sum, 1e-5);
            if (own < 64) {
              mixed = true;
              assertEquals(2, sources.size(), "one partner per row");
              final int row = i;
              int partner =
                  sources.keySet().stream().filter(k -> k != row).findFirst().orElseThrow();
              assertEquals(own / 64f, y[i][i], 1e-6, "lambda = 1 - pasted area");
              assertEquals(1 - own / 64f, y[i][partner], 1e-6);
            }
          }
          mixedBatches += mixed ? 1 : 0;
        }
      }
    }
    assertTrue(mixedBatches > 20, "p = 1: nearly every batch gets a box, got " + mixedBatches);
  }

  @Test
  void registryKnowsTheIntensiveNames() {
    assertEquals(
        new AutoAugment(Policy.CIFAR10, 0), Augmentations.sample("autoaugment-cifar10(fill=0)"));
    assertEquals(new RandAugment(3, 5, 128), Augmentations.sample("randaugment(n=3, m=5)"));
    assertEquals(new Cutout(16, 128, 1), Augmentations.sample("cutout"));
    assertEquals(new CutMix(1, 0.5), Augmentations.batch("cutmix"));
    assertThrows(IllegalArgumentException.class, () -> Augmentations.sample("randaugment(m=11)"));
  }

  private static float[] flat(float[][][] image) {
    float[] out = new float[image.length * image[0].length * image[0][0].length];
    int i = 0;
    for (float[][] row : image) {
      for (float[] px : row) {
        for (float v : px) {
          out[i++] = v;
        }
      }
    }
    return out;
  }
}

package dev.rda.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Sizes of the registered networks against the published counts, and forward multiply-adds against
 * an independent count (the peer scripts' hook counter on PyTorch's and torchvision's models:
 * {@code models.count_macs}).
 */
class ModelsTest {

  private static Models.Stats stats(String name, int width, int size, int channels, int classes) {
    return Models.stats(name, new Models.Spec(width, channels, classes, 0, 0f), size, size);
  }

  @Test
  void anEntryChecksItsOwnHyperParameters() {
    Models.entry("wrn-16-4").check(4, 0.3f, Map.of()); // WideResNet has dropout
    var none =
        assertThrows(
            dev.rda.core.BadInputException.class,
            () -> Models.entry("preact-resnet18").check(16, 0.3f, Map.of()));
    assertEquals(
        "config field 'model.dropout': 0.3 is for families with dropout; preact-resnet18 has none",
        none.getMessage());
    var narrow =
        assertThrows(
            dev.rda.core.BadInputException.class,
            () -> Models.entry("resnet50").check(0, 0f, Map.of()));
    assertEquals("config field 'model.width': 0 must be >= 1", narrow.getMessage());
    // A family's own options: declared ones in their range only.
    Models.entry("resnet50").check(8, 0f, Map.of("zeroInitLastBn", 1.0));
    var foreign =
        assertThrows(
            dev.rda.core.BadInputException.class,
            () -> Models.entry("preact-resnet18").check(16, 0f, Map.of("zeroInitLastBn", 1.0)));
    assertEquals(
        "config field 'model.options.zeroInitLastBn': 1.0 is not an option of preact-resnet18 (it"
            + " has none)",
        foreign.getMessage());
    var range =
        assertThrows(
            dev.rda.core.BadInputException.class,
            () -> Models.entry("resnet50").check(8, 0f, Map.of("zeroInitLastBn", 2.0)));
    assertEquals(
        "config field 'model.options.zeroInitLastBn': 2.0 must be in [0.0, 1.0]",
        range.getMessage());
  }

  @Test
  void anOptionReachesTheBuilderAndItsDefaultKeepsTheNetwork() {
    try (Graph g = new Graph();
        org.tensorflow.Session s = new org.tensorflow.Session(g)) {
      Ops tf = Ops.create(g);
      Network plain = Models.build("resnet50", tf.withSubScope("a"), new Models.Spec(8, 3, 10, 0, 0f));
      Network zeroed =
          Models.build(
              "resnet50",
              tf.withSubScope("b"),
              new Models.Spec(8, 3, 10, 0, 0f, Map.of("zeroInitLastBn", 1.0)));
      s.initialize();
      for (int i = 0; i < plain.parameters().trainable().size(); i++) {
        var a = plain.parameters().trainable().get(i);
        var b = zeroed.parameters().trainable().get(i);
        String name = b.op().name();
        float expected = name.endsWith("/bn3/gamma") ? 0f : first(s, a);
        assertEquals(expected, first(s, b), name);
      }
    }
  }

  private static float first(org.tensorflow.Session s, org.tensorflow.Operand<?> v) {
    try (var t = (org.tensorflow.types.TFloat32) s.runner().fetch(v).run().get(0)) {
      return t.getFloat(new long[t.rank()]);
    }
  }

  @Test
  void parameterCountsAreThePublishedOnes() {
    assertEquals(11_172_170L, stats("preact-resnet18", 64, 32, 3, 10).parameters());
    assertEquals(36_479_194L, stats("wrn-28-10", 10, 32, 3, 10).parameters());
    assertEquals(26_192_922L, stats("shake-shake-26-2x96d", 96, 32, 3, 10).parameters());
    assertEquals(25_557_032L, stats("resnet50", 64, 224, 3, 1000).parameters());
    assertEquals(44_549_160L, stats("resnet101", 64, 224, 3, 1000).parameters());
    // The peer scripts' narrow PreActResNet-18 and WideResNet-16-4.
    assertEquals(700_730L, stats("preact-resnet18", 16, 28, 1, 10).parameters());
    assertEquals(2_748_890L, stats("wrn-16-4", 4, 32, 3, 10).parameters());
  }

  @Test
  void multiplyAddsMatchAnIndependentCount() {
    assertEquals(555_422_720L, stats("preact-resnet18", 64, 32, 3, 10).macsPerImage());
    assertEquals(28_573_184L, stats("preact-resnet18", 16, 28, 1, 10).macsPerImage());
    assertEquals(392_612_352L, stats("wrn-16-4", 4, 32, 3, 10).macsPerImage());
    assertEquals(4_089_184_256L, stats("resnet50", 64, 224, 3, 1000).macsPerImage());
    assertEquals(7_801_405_440L, stats("resnet101", 64, 224, 3, 1000).macsPerImage());
  }

  @Test
  void outputsFeatureMapsAndPenultimateFeatures() {
    record Case(String name, int width, int size, Map<String, Shape> maps, long penultimate) {}
    List<Case> cases =
        List.of(
            new Case(
                "resnet50",
                8,
                64,
                Map.of(
                    "C2", Shape.of(2, 16, 16, 32),
                    "C3", Shape.of(2, 8, 8, 64),
                    "C4", Shape.of(2, 4, 4, 128),
                    "C5", Shape.of(2, 2, 2, 256)),
                256),
            new Case(
                "wrn-28-10",
                1,
                32,
                Map.of(
                    "stage1", Shape.of(2, 32, 32, 16),
                    "stage2", Shape.of(2, 16, 16, 32),
                    "stage3", Shape.of(2, 8, 8, 64)),
                64),
            new Case(
                "shake-shake-26-2x96d",
                8,
                32,
                Map.of(
                    "stage1", Shape.of(2, 32, 32, 8),
                    "stage2", Shape.of(2, 16, 16, 16),
                    "stage3", Shape.of(2, 8, 8, 32)),
                32),
            new Case(
                "preact-resnet18",
                4,
                64,
                Map.of(
                    "stage1", Shape.of(2, 64, 64, 4),
                    "stage2", Shape.of(2, 32, 32, 8),
                    "stage3", Shape.of(2, 16, 16, 16),
                    "stage4", Shape.of(2, 8, 8, 32)),
                32));
    for (Case c : cases) {
      try (Graph g = new Graph()) {
        Ops tf = Ops.create(g);
        Network net = Models.build(c.name(), tf, new Models.Spec(c.width(), 3, 7, 1, 0f));
        Operand<TFloat32> x =
            tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, c.size(), c.size(), 3)));
        for (Mode mode : Mode.values()) {
          Network.Outputs out =
              net.forward(tf.withSubScope(mode.name()), x, mode, FeatureHook.NONE);
          assertEquals(Shape.of(2, 7), out.logits().shape(), c.name());
          assertEquals(Shape.of(2, c.penultimate()), out.penultimate().shape(), c.name());
          assertEquals(c.maps().keySet(), out.featureMaps().keySet(), c.name());
          c.maps().forEach((k, v) -> assertEquals(v, out.featureMaps().get(k).shape(), c.name()));
        }
      }
    }
  }

  /**
   * In evaluation an image's logits do not depend on the rest of its batch (moving averages, no
   * noise); in training they do (batch statistics). Shake-Shake's training path draws fresh noise
   * on every path, so there the second half would hold anyway: it is checked on the others
   * (BatchNormTest checks the statistics themselves).
   */
  @Test
  void evaluationIsPerImageAndTrainingUsesTheBatch() {
    for (String name : Models.names()) {
      try (Graph g = new Graph()) {
        Ops tf = Ops.create(g);
        Network net =
            Models.build(name, tf, new Models.Spec(name.startsWith("wrn") ? 1 : 4, 3, 5, 1, 0f));
        java.util.Random r = new java.util.Random(3);
        float[][][][] a = new float[3][32][32][3];
        for (float[][][] im : a) {
          for (float[][] row : im) {
            for (float[] px : row) {
              for (int c = 0; c < 3; c++) {
                px[c] = (float) r.nextGaussian();
              }
            }
          }
        }
        // The same first image in another batch: the other two swapped, one of them brightened.
        float[][][][] b = {a[0], a[2], new float[32][32][3]};
        for (int y = 0; y < 32; y++) {
          for (int x = 0; x < 32; x++) {
            for (int c = 0; c < 3; c++) {
              b[2][y][x][c] = a[1][y][x][c] + (c == 0 ? 5 : 0);
            }
          }
        }
        Operand<TFloat32> xa = tf.constant(a);
        Operand<TFloat32> xb = tf.constant(b);
        Operand<TFloat32> evalA = net.logits(tf.withSubScope("ea"), xa, Mode.EVAL);
        Operand<TFloat32> evalB = net.logits(tf.withSubScope("eb"), xb, Mode.EVAL);
        Operand<TFloat32> trainA = net.logits(tf.withSubScope("ta"), xa, Mode.TRAIN);
        Operand<TFloat32> trainB = net.logits(tf.withSubScope("tb"), xb, Mode.TRAIN);
        try (org.tensorflow.Session s = new org.tensorflow.Session(g)) {
          s.initialize();
          try (org.tensorflow.Result res =
              s.runner().fetch(evalA).fetch(evalB).fetch(trainA).fetch(trainB).run()) {
            float ea = ((TFloat32) res.get(0)).getFloat(0, 2);
            float eb = ((TFloat32) res.get(1)).getFloat(0, 2);
            float ta = ((TFloat32) res.get(2)).getFloat(0, 2);
            float tb = ((TFloat32) res.get(3)).getFloat(0, 2);
            assertEquals(ea, eb, 1e-5f * Math.max(1, Math.abs(ea)), name);
            if (!name.startsWith("shake-shake")) {
              org.junit.jupiter.api.Assertions.assertNotEquals(ta, tb, name);
            }
          }
        }
      }
    }
  }

  @Test
  void variableNamesFollowTheStructure() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Network net = Models.build("resnet50", tf, new Models.Spec(8, 3, 10, 0, 0f));
      List<String> names = net.parameters().trainable().stream().map(v -> v.op().name()).toList();
      assertEquals("resnet50/stem/kernel", names.get(0));
      assertEquals(true, names.contains("resnet50/stage3/block6/conv2/kernel"));
      assertEquals(true, names.contains("resnet50/stage4/block1/shortcut_bn/gamma"));
      assertEquals("resnet50/classifier/bias", names.get(names.size() - 1));
      assertEquals(names.size(), names.stream().distinct().count());
    }
  }

  @Test
  void unknownModelsAndBadDepthsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Models.entry("resnet9000"));
    try (Graph g = new Graph()) {
      assertThrows(
          IllegalArgumentException.class,
          () -> PreActResNet.wide(Ops.create(g), 0, 27, 10, 0f, 3, 10));
    }
  }
}

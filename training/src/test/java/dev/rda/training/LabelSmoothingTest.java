package dev.rda.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.core.BadInputException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Smoothed targets and their loss against a hand computation; the phases that smooth. */
class LabelSmoothingTest {

  @Test
  void targetsAndLossMatchAHandComputation() {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      // A one-hot and a mixed target, 4 classes, e = 0.1: (1 - e) y + e / 4.
      Operand<TFloat32> y = tf.constant(new float[][] {{1, 0, 0, 0}, {0.3f, 0.7f, 0, 0}});
      Operand<TFloat32> smoothed = LabelSmoothing.apply(tf, y, tf.constant(0.1f), 4);
      Operand<TFloat32> logits = tf.constant(new float[][] {{2, 0, 0, 0}, {0, 1, 0, -1}});
      Operand<TFloat32> loss = tf.nn.softmaxCrossEntropyWithLogits(logits, smoothed).loss();
      try (TFloat32 t = (TFloat32) s.runner().fetch(smoothed).run().get(0);
          TFloat32 l = (TFloat32) s.runner().fetch(loss).run().get(0)) {
        float[] row0 = new float[4];
        float[] row1 = new float[4];
        for (int j = 0; j < 4; j++) {
          row0[j] = t.getFloat(0, j);
          row1[j] = t.getFloat(1, j);
        }
        assertArrayEquals(new float[] {0.925f, 0.025f, 0.025f, 0.025f}, row0, 1e-6f);
        assertArrayEquals(new float[] {0.295f, 0.655f, 0.025f, 0.025f}, row1, 1e-6f);
        // Row 0: log-sum-exp of (2, 0, 0, 0) = ln(e^2 + 3); CE = lse - 0.925 * 2.
        double lse0 = Math.log(Math.exp(2) + 3);
        assertEquals(lse0 - 0.925 * 2, l.getFloat(0), 1e-5);
        // Row 1: lse of (0, 1, 0, -1); CE = lse - (0.655 * 1 + 0.025 * -1).
        double lse1 = Math.log(1 + Math.E + 1 + Math.exp(-1));
        assertEquals(lse1 - (0.655 - 0.025), l.getFloat(1), 1e-5);
      }
    }
  }

  @Test
  void refinementTrainsOnPlainTargetsUnlessTheConfigSaysOtherwise() {
    TrainConfig base = Fixtures.config(4, 1, "mixup(gamma=1.0)");
    TrainConfig smoothed = withLoss(base, new TrainConfig.LossConfig(0.1, null));
    List<Phase> phases = Phase.plan(smoothed);
    assertEquals(0.1, phases.get(0).labelSmoothing(), 0);
    assertEquals(0.0, phases.get(1).labelSmoothing(), 0);
    TrainConfig kept = withLoss(base, new TrainConfig.LossConfig(0.1, true));
    assertEquals(0.1, Phase.plan(kept).get(1).labelSmoothing(), 0);
    // A fork must not mix runs that smoothed differently.
    assertNotNull(Fork.firstDifference(base, smoothed, 1));
    BadInputException bad =
        org.junit.jupiter.api.Assertions.assertThrows(
            BadInputException.class,
            () -> withLoss(base, new TrainConfig.LossConfig(1.0, null)).validate());
    assertTrue(bad.getMessage().contains("loss.labelSmoothing"), bad.getMessage());
    // It trains: the loss on smoothed targets stays finite.
    TrainingData data = Fixtures.data(smoothed);
    try (TrainingGraph graph = new TrainingGraph(smoothed, data, 2)) {
      graph.initialize();
      Summary s = new Trainer(smoothed, graph, List.of()).run(data, List.of(), smoothed.epochs());
      assertTrue(Double.isFinite(s.finalTrainLossAugmented()), s.toString());
    }
  }

  private static TrainConfig withLoss(TrainConfig c, TrainConfig.LossConfig loss) {
    return c.withLoss(loss);
  }
}

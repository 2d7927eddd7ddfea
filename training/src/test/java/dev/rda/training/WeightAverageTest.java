package dev.rda.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.core.BadInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** The weight average (ema): its decay, its updates by hand, its evaluation, checkpoint, fork. */
class WeightAverageTest {
  @TempDir Path tmp;

  @Test
  void decayFollowsTimmsModelEmaV3() {
    TrainConfig.EmaConfig plain = new TrainConfig.EmaConfig(0.99, null, null, null, null);
    assertEquals(0, plain.decayAt(1), 0); // the first update copies the weights
    assertEquals(0.99, plain.decayAt(2), 0);
    assertEquals(0.99, plain.decayAt(10_000), 0);
    TrainConfig.EmaConfig warm = new TrainConfig.EmaConfig(0.99, true, null, null, null);
    // 1 - (1 + (k - 1) / 1)^(-2/3): k = 2 -> 1 - 2^(-2/3) = 0.37004, k = 102 -> 1 - 102^(-2/3);
    // capped at 0.99 later.
    assertEquals(1 - Math.pow(2, -2.0 / 3), warm.decayAt(2), 1e-12);
    assertEquals(1 - Math.pow(102, -2.0 / 3), warm.decayAt(102), 1e-12);
    assertEquals(0.99, warm.decayAt(10_000_000), 0);
    assertEquals(TrainConfig.EmaConfig.RESTART, plain.atSwitch());
  }

  @Test
  void updatesMatchAHandComputationAndTheSwapPutsTheWeightsBack() {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> w = tf.withName("w").variable(tf.withInitScope().constant(1f));
      // A stand-in optimizer step: w += 1.
      Op step = tf.assignAdd(w, tf.constant(1f));
      WeightAverage average = new WeightAverage(tf, List.of(w), step);
      s.initialize();
      double avg = 0;
      double weight = 1;
      double[] decays = {0, 0.5, 0.75};
      for (double d : decays) {
        try (TFloat32 fed = TFloat32.scalarOf((float) d)) {
          s.runner().feed(average.decay(), fed).addTarget(average.update()).run().close();
        }
        weight += 1;
        avg = d * avg + (1 - d) * weight; // the update sees the stepped weight
      }
      // w = 4; avg: 2 (copy), 0.5*2 + 0.5*3 = 2.5, 0.75*2.5 + 0.25*4 = 2.875.
      assertEquals(2.875, avg, 0);
      assertEquals(4f, value(s, w), 0f);
      float inside = average.withAverages(s, () -> value(s, w));
      assertEquals(2.875f, inside, 1e-6f);
      assertEquals(4f, value(s, w), 0f); // put back
    }
  }

  @Test
  void aRunEvaluatesItsAverageEachEpochAndExportsReadIt() {
    TrainConfig config =
        Fixtures.config(3, 1, "mixup(gamma=1.0)")
            .withEma(new TrainConfig.EmaConfig(0.9, null, null, null, "keep"));
    RunDirectory dir = RunDirectory.create(tmp.resolve("ema"), config);
    Training.train(dir, Fixtures.data(config), 1, List.of());
    List<EpochMetrics> metrics = RunDirectory.open(dir.root()).metrics();
    assertEquals(3, metrics.size());
    for (EpochMetrics m : metrics) {
      assertNotNull(m.emaTestTop1(), "epoch " + m.epoch());
      assertTrue(Double.isFinite(m.emaTestLoss()));
    }
    // The checkpoint holds the averages, under names derived from the network's variables.
    try (TrainingGraph graph = new TrainingGraph(config, Fixtures.data(config), 1)) {
      List<Variable<TFloat32>> vars = graph.modelVariables();
      Map<String, TFloat32> averages = WeightAverage.read(dir.prefix(dir.checkpoint("last")), vars);
      assertEquals(vars.size(), averages.size());
      averages.values().forEach(TFloat32::close);
    }
    // A run without an average records none.
    TrainConfig plain = Fixtures.config(1, 0, null);
    RunDirectory none = RunDirectory.create(tmp.resolve("plain"), plain);
    Training.train(none, Fixtures.data(plain), 1, List.of());
    assertNull(RunDirectory.open(none.root()).metrics().get(0).emaTestTop1());
  }

  @Test
  void keepAndRestartShareTheEpochsBeforeTheSwitchAndBadValuesAreNamed() {
    TrainConfig base = Fixtures.config(4, 2, "mixup(gamma=1.0)");
    TrainConfig keep = base.withEma(new TrainConfig.EmaConfig(0.9, null, null, null, "keep"));
    TrainConfig restart = base.withEma(new TrainConfig.EmaConfig(0.9, null, null, null, "restart"));
    assertEquals(2, Fork.sharedEpochs(keep, restart));
    assertEquals(0, Fork.sharedEpochs(base, keep)); // the checkpoint would lack the averages
    assertEquals(
        0,
        Fork.sharedEpochs(
            keep, base.withEma(new TrainConfig.EmaConfig(0.99, null, null, null, "keep"))));
    BadInputException bad =
        assertThrows(
            BadInputException.class,
            () -> base.withEma(new TrainConfig.EmaConfig(1.0, null, null, null, null)).validate());
    assertEquals("config field 'ema.decay': 1.0 must be in (0, 1)", bad.getMessage());
    BadInputException when =
        assertThrows(
            BadInputException.class,
            () ->
                base.withEma(new TrainConfig.EmaConfig(0.9, null, null, null, "later")).validate());
    assertTrue(when.getMessage().contains("ema.atSwitch"), when.getMessage());
  }

  private static float value(Session s, Variable<TFloat32> v) {
    try (TFloat32 t = (TFloat32) s.runner().fetch(v).run().get(0)) {
      return t.getFloat();
    }
  }
}

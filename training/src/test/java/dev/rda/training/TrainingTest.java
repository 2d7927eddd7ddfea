package dev.rda.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.core.BadInputException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on generated data: training learns, and a crashed run resumes where it stopped. Runs
 * use one thread per op: TensorFlow's CPU thread pool is process-wide, set by the first session,
 * and only single-threaded kernels reduce in a fixed order (so runs repeat exactly).
 */
class TrainingTest {
  @TempDir Path tmp;

  @Test
  void theLearningRateFedPerStepFollowsItsScheduleAndRefinementHoldsIt() {
    // 256 images in batches of 32: 8 steps an epoch; 3 epochs cosine to 0.2 x 0.05 with a
    // warm-up of 4 steps, then 1 refinement epoch.
    TrainConfig base = Fixtures.config(4, 1, "mixup(gamma=1.0)");
    var o = base.optimizer();
    TrainConfig cosine =
        new TrainConfig(
            base.name(),
            base.model(),
            base.data(),
            base.epochs(),
            base.refineEpochs(),
            base.batchSize(),
            base.augment(),
            new TrainConfig.OptimizerConfig(
                o.lr(),
                o.momentum(),
                o.weightDecay(),
                List.of(),
                null,
                null,
                new dev.rda.core.Schedule("cosine", null, null, null, null, 0.2, 4)),
            base.seed());
    cosine.validate();
    List<double[]> fed = new java.util.ArrayList<>();
    TrainingData data = Fixtures.data(cosine);
    try (TrainingGraph graph = new TrainingGraph(cosine, data, 2)) {
      graph.initialize();
      new Trainer(
              cosine,
              graph,
              List.of(
                  new TrainingListener() {
                    @Override
                    public void onStep(long step, int images, float loss, double lr) {
                      fed.add(new double[] {step, lr});
                    }
                  }))
          .run(data, List.of(), cosine.epochs());
    }
    assertEquals(32, fed.size());
    double lr0 = o.lr();
    for (double[] f : fed) {
      int step = (int) f[0];
      double t = step / 8.0 / 3; // progress through the 3 intensive epochs
      double cos = 0.2 + 0.8 * 0.5 * (1 + Math.cos(Math.PI * Math.min(t, 1)));
      double warm = step < 4 ? (step + 1) / 4.0 : 1;
      double lastIntensive = 0.2 + 0.8 * 0.5 * (1 + Math.cos(Math.PI * (23 / 24.0)));
      double expected = step < 24 ? lr0 * cos * warm : lr0 * lastIntensive;
      assertEquals(expected, f[1], 1e-12, "step " + step);
    }
  }

  @Test
  void lossFallsAndTheRunDirectoryIsComplete() {
    TrainConfig config = Fixtures.config(4, 1, "mixup(gamma=1.0)");
    RunDirectory dir = RunDirectory.create(tmp.resolve("run"), config);
    Summary summary = Training.train(dir, Fixtures.data(config), 1, List.of());
    List<EpochMetrics> m = dir.metrics();
    assertEquals(4, m.size());
    assertEquals(
        List.of("intensive", "intensive", "intensive", "refine"),
        m.stream().map(EpochMetrics::phase).toList());
    assertEquals(0.0, m.get(3).strength());
    assertTrue(
        m.get(3).trainLossClean() < m.get(0).trainLossClean() * 0.7,
        "clean loss falls: " + m.get(0).trainLossClean() + " -> " + m.get(3).trainLossClean());
    assertTrue(summary.lastTop1() > 60, "learns the bands: " + summary.lastTop1());
    assertEquals(4, dir.latestCheckpoint().orElseThrow().epoch());
    assertTrue(java.nio.file.Files.exists(dir.summaryFile()));
  }

  @Test
  void manifoldMixupWithAutoAugmentAndCutoutTrains() {
    TrainConfig base = Fixtures.config(3, 1, "manifold-mixup(gamma=2.0, points=3)");
    TrainConfig config =
        Fixtures.withAugment(
            base,
            new TrainConfig.AugmentConfig(
                List.of("pad-crop(pad=1)", "hflip"),
                List.of("autoaugment-cifar10", "cutout(size=3)"),
                base.augment().batch(),
                new dev.rda.core.Schedule("linear", null, null, 0, 2, null, null),
                List.of()));
    config.validate();
    RunDirectory dir = RunDirectory.create(tmp.resolve("manifold"), config);
    Training.train(dir, Fixtures.data(config), 1, List.of());
    List<EpochMetrics> m = dir.metrics();
    assertEquals(List.of(1.0, 0.5, 0.0), m.stream().map(EpochMetrics::strength).toList());
    for (EpochMetrics e : m) {
      assertTrue(
          Double.isFinite(e.trainLossAugmented()) && Double.isFinite(e.testLoss()), e.toString());
    }
    assertTrue(m.get(2).trainLossClean() < m.get(0).trainLossClean(), "learns: " + m);
  }

  @Test
  void anUnrefinedTwinForksFromTheRefinedRunAndDivergesOnlyAfter() {
    TrainConfig refined = Fixtures.config(3, 1, "mixup(gamma=1.0)");
    RunDirectory a = RunDirectory.create(tmp.resolve("refined"), refined);
    TrainingData data = Fixtures.data(refined);
    Training.train(a, data, 1, List.of());
    // Stop a copy after epoch 2 (the last shared one) by forking from its checkpoint there.
    RunDirectory stopped = RunDirectory.create(tmp.resolve("stopped"), refined);
    assertThrows(
        IllegalStateException.class,
        () -> Training.train(stopped, data, 1, List.of(Fixtures.crashAfter(3))));
    TrainConfig unrefined = Fixtures.config(3, 0, "mixup(gamma=1.0)");
    RunDirectory b = Fork.create(tmp.resolve("unrefined"), unrefined, stopped);
    Training.train(b, data, 1, List.of());
    List<EpochMetrics> mb = b.metrics();
    assertEquals(3, mb.size());
    assertEquals(
        stopped.metrics().subList(0, 2), mb.subList(0, 2), "shared epochs are copied as they were");
    assertEquals("refine", a.metrics().get(2).phase());
    assertEquals("intensive", mb.get(2).phase(), "the twin goes on with Mixup");
    assertEquals(1.0, mb.get(2).strength());
    // A config that would have trained the shared epochs differently cannot fork.
    TrainConfig otherSeed =
        new TrainConfig(
            unrefined.name(),
            unrefined.model(),
            unrefined.data(),
            3,
            0,
            unrefined.batchSize(),
            unrefined.augment(),
            unrefined.optimizer(),
            99);
    BadInputException e =
        assertThrows(
            BadInputException.class, () -> Fork.create(tmp.resolve("bad"), otherSeed, stopped));
    assertTrue(e.getMessage().contains("seed differs"), e.getMessage());
    BadInputException e2 =
        assertThrows(
            BadInputException.class,
            () ->
                Fork.create(
                    tmp.resolve("bad2"), Fixtures.config(3, 2, "mixup(gamma=1.0)"), stopped));
    assertTrue(e2.getMessage().contains("epoch 2 differs"), e2.getMessage());
  }

  @Test
  void killedRunResumesFromItsCheckpointAtTheNextEpoch() {
    TrainConfig config = Fixtures.config(4, 1, "mixup(gamma=1.0)");
    TrainingData data = Fixtures.data(config);
    RunDirectory broken = RunDirectory.create(tmp.resolve("broken"), config);
    assertThrows(
        IllegalStateException.class,
        () -> Training.train(broken, data, 1, List.of(Fixtures.crashAfter(3))));
    Checkpoints.Checkpoint checkpoint = broken.latestCheckpoint().orElseThrow();
    assertEquals(2, checkpoint.epoch());
    List<EpochMetrics> before = broken.metrics();
    assertEquals(2, before.size());

    // The checkpoint holds exactly the weights and BN statistics that epoch 2 was evaluated with.
    try (TrainingGraph graph = new TrainingGraph(config, data, 1)) {
      graph.restore(broken.prefix(checkpoint));
      assertEquals(before.get(1).testLoss(), graph.evaluate("test").loss(), 1e-5);
    }

    List<String> started = new java.util.ArrayList<>();
    TrainingListener watch =
        new TrainingListener() {
          @Override
          public void onEpochStart(int epoch, Phase phase, double lr, int images) {
            started.add(epoch + ":" + phase.name());
          }
        };
    Training.train(RunDirectory.open(broken.root()), data, 1, List.of(watch));
    assertEquals(List.of("3:intensive", "4:refine"), started);

    List<EpochMetrics> after = broken.metrics();
    assertEquals(List.of(1, 2, 3, 4), after.stream().map(EpochMetrics::epoch).toList());
    assertEquals(before, after.subList(0, 2), "recorded epochs are kept as they were");
    assertTrue(after.get(3).wallSeconds() > after.get(1).wallSeconds());
    assertEquals(4, broken.latestCheckpoint().orElseThrow().epoch());
    // Training goes on from the restored state rather than from scratch.
    assertTrue(
        after.get(2).trainLossClean() < 1.2, "epoch 3 clean loss " + after.get(2).trainLossClean());
  }
}

package dev.rda.analysis.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.core.BadInputException;
import dev.rda.training.EpochMetrics;
import dev.rda.training.Fixtures;
import dev.rda.training.RunDirectory;
import dev.rda.training.TrainConfig;
import dev.rda.training.TrainingData;
import dev.rda.training.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny study of two cells and two seeds: shared prefixes, resume after a kill, plan checks. */
class StudyTest {
  @TempDir Path tmp;

  /** Mixup for 2 epochs, and the same then 1 refinement epoch, on a 128-image subset per seed. */
  static StudyPlan plan(double lr, int seeds) {
    return new StudyPlan(
        "tiny",
        "",
        seeds,
        List.of(
            new StudyPlan.Cell("mixup", config(2, 0, lr), List.of()),
            new StudyPlan.Cell("mixup-refine", config(3, 1, lr), List.of("mixup"))));
  }

  private static TrainConfig config(int epochs, int refine, double lr) {
    TrainConfig c = Fixtures.config(epochs, refine, "mixup(gamma=1.0)");
    var o = c.optimizer();
    return new TrainConfig(
        c.name(),
        c.model(),
        new TrainConfig.DataConfig("fmnist", "unused", 128, 0, 64),
        c.epochs(),
        c.refineEpochs(),
        c.batchSize(),
        c.augment(),
        new TrainConfig.OptimizerConfig(
            lr, o.momentum(), o.weightDecay(), o.milestones(), o.decay(), null),
        c.seed());
  }

  private static TrainingData data(TrainConfig.DataConfig d) {
    return TrainingData.of(Fixtures.bands(256, 1), Fixtures.bands(128, 2), d);
  }

  /** Counts trained epochs, and stops the process-like run after {@code killAfter} of them. */
  private static TrainingListener counter(AtomicInteger epochs, int killAfter) {
    return new TrainingListener() {
      @Override
      public void onEpochEnd(EpochMetrics m, List<EpochMetrics> history) {
        if (epochs.incrementAndGet() == killAfter) {
          throw new IllegalStateException("killed");
        }
      }
    };
  }

  @Test
  void forksTheSharedPrefixAndTrainsNothingTwice() {
    Study study = Study.open(tmp.resolve("s"), plan(0.05, 2));
    Study.Run refined = study.run("mixup-refine", 0);
    assertEquals("mixup", refined.parent().cell().name());
    assertEquals(2, refined.forkEpoch());
    AtomicInteger epochs = new AtomicInteger();
    study.train(StudyTest::data, 2, 1, Set.of(), r -> List.of(counter(epochs, -1)));
    assertEquals(2 * (2 + 1), epochs.get()); // per seed: mixup's 2 epochs, then 1 refinement
    for (int seed = 0; seed < 2; seed++) {
      List<EpochMetrics> plain = RunDirectory.open(study.run("mixup", seed).dir()).metrics();
      List<EpochMetrics> twin = RunDirectory.open(study.run("mixup-refine", seed).dir()).metrics();
      assertEquals(plain, twin.subList(0, 2)); // the twin holds mixup's own epochs
      assertEquals("refine", twin.get(2).phase());
    }
    // The seed is the subset's too: seed 1 trains on other images, so other numbers.
    assertNotEquals(
        RunDirectory.open(study.run("mixup", 0).dir()).metrics().get(0).trainLossClean(),
        RunDirectory.open(study.run("mixup", 1).dir()).metrics().get(0).trainLossClean());
    StudyResults results = StudyResults.of(study);
    assertEquals(4, results.runs().size());
    assertEquals(2, results.pairs().get(0).median10().spread().n());
    StudyReport.write(study.root(), results);
    for (String f : List.of("study.json", "study.csv", "report.html", "curves.png")) {
      assertTrue(Files.exists(study.root().resolve(f)), f);
    }
    // Again: everything is done, nothing trains.
    AtomicInteger again = new AtomicInteger();
    Study.open(tmp.resolve("s"), plan(0.05, 2))
        .train(StudyTest::data, 2, 1, Set.of(), r -> List.of(counter(again, -1)));
    assertEquals(0, again.get());
  }

  @Test
  void resumesAfterAKillWithTheSameNumbers() {
    Study whole = Study.open(tmp.resolve("whole"), plan(0.05, 1));
    whole.train(StudyTest::data, 2, 1, Set.of(), r -> List.of());
    Study killed = Study.open(tmp.resolve("killed"), plan(0.05, 1));
    AtomicInteger epochs = new AtomicInteger();
    // Killed in the middle of mixup, before the twin was forked.
    assertThrows(
        IllegalStateException.class,
        () -> killed.train(StudyTest::data, 2, 1, Set.of(), r -> List.of(counter(epochs, 1))));
    assertTrue(!Files.exists(killed.run("mixup-refine", 0).dir()));
    Study.open(tmp.resolve("killed"), plan(0.05, 1))
        .train(StudyTest::data, 2, 1, Set.of(), r -> List.of(counter(epochs, -1)));
    // The kill came before epoch 1 was recorded, as a kill mid-epoch does: it trains again.
    assertEquals(1 + 3, epochs.get());
    for (String cell : List.of("mixup", "mixup-refine")) {
      List<EpochMetrics> a = RunDirectory.open(whole.run(cell, 0).dir()).metrics();
      List<EpochMetrics> b = RunDirectory.open(killed.run(cell, 0).dir()).metrics();
      assertEquals(a.size(), b.size());
      for (int e = 0; e < a.size(); e++) {
        assertEquals(a.get(e).testLoss(), b.get(e).testLoss(), 1e-5, cell + " epoch " + (e + 1));
        assertEquals(a.get(e).trainLossAugmented(), b.get(e).trainLossAugmented(), 1e-5);
      }
    }
  }

  @Test
  void parallelTrainsTwoRecipesOfOneSeedAtOnceWithTheSameNumbers() {
    // Two recipes that share no epoch: two fork trees of one seed.
    StudyPlan plan =
        new StudyPlan(
            "two",
            "",
            1,
            List.of(
                new StudyPlan.Cell("mixup", config(2, 0, 0.05), List.of()),
                new StudyPlan.Cell("mixup-fast", config(2, 0, 0.1), List.of())));
    Study alone = Study.open(tmp.resolve("alone"), plan);
    alone.train(StudyTest::data, 2, 1, Set.of(), r -> List.of());
    Study both = Study.open(tmp.resolve("both"), plan);
    assertEquals(null, both.run("mixup-fast", 0).parent());
    Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    both.train(
        StudyTest::data,
        2,
        2,
        Set.of(),
        r ->
            List.of(
                new TrainingListener() {
                  @Override
                  public void onEpochEnd(EpochMetrics m, List<EpochMetrics> h) {
                    threads.add(Thread.currentThread().getName());
                  }
                }));
    assertEquals(2, threads.size(), threads.toString()); // one worker per tree
    for (String cell : List.of("mixup", "mixup-fast")) {
      List<EpochMetrics> a = RunDirectory.open(alone.run(cell, 0).dir()).metrics();
      List<EpochMetrics> b = RunDirectory.open(both.run(cell, 0).dir()).metrics();
      assertEquals(2, b.size());
      for (int e = 0; e < a.size(); e++) {
        assertEquals(a.get(e).testLoss(), b.get(e).testLoss(), 1e-5, cell + " epoch " + (e + 1));
      }
    }
  }

  @Test
  void refusesAChangedPlanNamingTheFirstDifferenceAndAcceptsMoreSeeds() {
    Path root = tmp.resolve("s");
    Study.open(root, plan(0.05, 2));
    BadInputException changed =
        assertThrows(BadInputException.class, () -> Study.open(root, plan(0.1, 2)));
    assertEquals(
        root
            + " holds another plan (cell 'mixup': optimizer.lr is 0.1 here, 0.05 there):"
            + " choose another --out",
        changed.getMessage());
    BadInputException fewer =
        assertThrows(BadInputException.class, () -> Study.open(root, plan(0.05, 1)));
    assertTrue(fewer.getMessage().contains("it holds 2 seeds, this plan 1"), fewer.getMessage());
    assertEquals(3, Study.open(root, plan(0.05, 3)).plan().seeds());
    assertEquals(3, Study.existing(root).plan().seeds());
  }

  @Test
  void onlyTrainsTheAskedCellsAndWhatTheyForkFrom() {
    Study study = Study.open(tmp.resolve("s"), plan(0.05, 1));
    List<String> started = new ArrayList<>();
    study.train(
        StudyTest::data,
        2,
        1,
        Set.of("mixup-refine"),
        r ->
            List.of(
                new TrainingListener() {
                  @Override
                  public void onEpochEnd(EpochMetrics m, List<EpochMetrics> h) {
                    started.add(r.cell().name() + ":" + m.epoch());
                  }
                }));
    assertEquals(List.of("mixup:1", "mixup:2", "mixup-refine:3"), started);
    assertThrows(BadInputException.class, () -> study.needed(Set.of("cutmix")));
  }
}

package dev.rda.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.core.BadInputException;
import dev.rda.core.Schedule;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleAndConfigTest {

  @Test
  void stepScheduleDividesAtMilestonesAndHoldsTheLastLrForRefinement() {
    LearningRate s = new LearningRate(0.1, Schedule.step(List.of(150, 275), 0.1), 400, null);
    assertEquals(0.1, s.at(0, 0, 10), 1e-12);
    assertEquals(0.1, s.at(149, 9, 10), 1e-12);
    assertEquals(0.01, s.at(150, 0, 10), 1e-12);
    assertEquals(0.01, s.at(274, 5, 10), 1e-12);
    assertEquals(0.001, s.at(275, 0, 10), 1e-12);
    assertEquals(0.001, s.at(399, 9, 10), 1e-12);
    assertEquals(0.001, s.at(400, 0, 10), 1e-12); // refinement: last LR of phase 1
    assertEquals(0.001, s.at(449, 3, 10), 1e-12);
    LearningRate given = new LearningRate(0.1, Schedule.step(List.of(150), 0.1), 400, 0.0005);
    assertEquals(0.0005, given.at(420, 0, 10), 1e-12);
  }

  @Test
  void cosineWithWarmupMovesPerStepAndRefinementHoldsItsLastValue() {
    // 10 epochs of 4 steps, cosine to a floor of 0.1 (x base 0.2), warm-up over 8 steps.
    Schedule cosine = new Schedule("cosine", null, null, null, null, 0.1, 8);
    LearningRate lr = new LearningRate(0.2, cosine, 10, null);
    // Warm-up: step k of the first 8 gets (k + 1) / 8 of the cosine's value there.
    double atStep3 = 0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * (0.75 / 10)));
    assertEquals(0.2 * atStep3 * 4 / 8, lr.at(0, 3, 4), 1e-12);
    assertEquals(0.2 * 1.0 / 8, lr.at(0, 0, 4), 1e-12); // the cosine is still 1 there
    // Half way: the cosine is half way between 1 and the floor.
    assertEquals(0.2 * (0.1 + 0.9 * 0.5), lr.at(5, 0, 4), 1e-12);
    // The last step of the intensive phase, and refinement holding exactly that value.
    double last = 0.2 * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * (9.75 / 10))));
    assertEquals(last, lr.at(9, 3, 4), 1e-12);
    assertEquals(last, lr.at(10, 0, 4), 1e-12);
    assertEquals(last, lr.at(12, 2, 4), 1e-12);
  }

  @Test
  void augmentedEpochsEndAtRefinementOrWhereTheScheduleTurnsTheAugmentationOff() {
    TrainConfig refined = Fixtures.config(10, 3, "mixup(gamma=1.0)");
    assertEquals(7, refined.augmentedEpochs());
    assertEquals(10, Fixtures.config(10, 0, "mixup(gamma=1.0)").augmentedEpochs());
    for (int[] offAndExpected : new int[][] {{4, 4}, {9, 7}}) {
      TrainConfig off =
          Fixtures.withAugment(
              refined,
              new TrainConfig.AugmentConfig(
                  List.of("hflip"),
                  List.of(),
                  "mixup(gamma=1.0)",
                  Schedule.off(offAndExpected[0]),
                  List.of()));
      assertEquals(offAndExpected[1], off.augmentedEpochs());
    }
    TrainConfig linear =
        Fixtures.withAugment(
            Fixtures.config(10, 0, "mixup(gamma=1.0)"),
            new TrainConfig.AugmentConfig(
                List.of("hflip"),
                List.of(),
                "mixup(gamma=1.0)",
                new Schedule("linear", null, null, 2, 6, null, null),
                List.of()));
    assertEquals(6, linear.augmentedEpochs()); // strength 0 from epoch index 6 on
  }

  @Test
  void phasePlanSwitchesMixingOffForRefinement() {
    List<Phase> phases = Phase.plan(Fixtures.config(10, 3, "mixup(gamma=1.0)"));
    assertEquals(2, phases.size());
    assertEquals(1f, Phase.at(phases, 6).strength(6));
    Phase refine = Phase.at(phases, 7);
    assertEquals(Phase.REFINE, refine.name());
    assertEquals(0f, refine.strength(7));
    assertEquals(null, refine.batch());
    assertEquals(phases.get(0).sample(), refine.sample());
    assertEquals(1, Phase.plan(Fixtures.config(10, 0, null)).size());
  }

  @Test
  void intensivePerSampleOpsAndTheScheduleLeaveWithRefinement() {
    TrainConfig base = Fixtures.config(10, 3, "cutmix");
    TrainConfig config =
        Fixtures.withAugment(
            base,
            new TrainConfig.AugmentConfig(
                List.of("pad-crop", "hflip"),
                List.of("autoaugment-cifar10", "cutout"),
                "cutmix",
                new Schedule("linear", null, null, 2, 6, null, null),
                List.of("center-crop")));
    config.validate();
    List<Phase> phases = Phase.plan(config);
    assertEquals(
        List.of("pad-crop", "hflip", "autoaugment-cifar10", "cutout"), phases.get(0).sample());
    assertEquals(List.of("pad-crop", "hflip"), phases.get(1).sample());
    float[] expected = {1, 1, 1, 0.75f, 0.5f, 0.25f, 0, 0, 0, 0};
    for (int e = 0; e < 10; e++) {
      assertEquals(expected[e], Phase.at(phases, e).strength(e), 1e-6, "epoch " + e);
    }
    assertEquals(0f, Phase.at(phases, 9).strength(9)); // exactly zero in refinement
    TrainConfig late =
        Fixtures.withAugment(
            base,
            new TrainConfig.AugmentConfig(List.of(), List.of(), "cutmix", Schedule.off(8), null));
    BadInputException e = assertThrows(BadInputException.class, late::validate);
    assertTrue(e.getMessage().contains("augment.schedule"), e.getMessage());
  }

  @Test
  void summaryReportsBestLastAndMedianOfLastTen() {
    List<EpochMetrics> epochs = new java.util.ArrayList<>();
    for (int e = 1; e <= 12; e++) {
      double top1 = e == 5 ? 99 : e; // best at epoch 5, last 10 are epochs 3..12
      epochs.add(
          new EpochMetrics(
              e, "intensive", 0.1, 1, 1, 1, 1, 1, top1, 100, 1, e, null, null, null, null));
    }
    Summary s = Summary.of("x", epochs);
    assertEquals(99, s.bestTop1());
    assertEquals(5, s.bestEpoch());
    assertEquals(12, s.lastTop1());
    assertEquals(8.5, s.medianLast10Top1()); // {3,4,99,6,...,12}: sorted middle 8 and 9
  }

  @Test
  void nonsenseValuesAreRejectedNamingTheField() {
    assertRejects(
        c ->
            new TrainConfig(
                c.name(), c.model(), c.data(), -1, 0, 32, c.augment(), c.optimizer(), 0),
        "config field 'epochs': -1 must be >= 1");
    assertRejects(
        c ->
            new TrainConfig(c.name(), c.model(), c.data(), 4, 4, 32, c.augment(), c.optimizer(), 0),
        "config field 'refineEpochs': 4 must be less than epochs (4)");
    assertRejects(
        c -> new TrainConfig(c.name(), c.model(), c.data(), 4, 1, 0, c.augment(), c.optimizer(), 0),
        "config field 'batchSize': 0 must be >= 1");
    assertRejects(
        c ->
            new TrainConfig(
                c.name(),
                new TrainConfig.ModelConfig("resnet9000", 4),
                c.data(),
                4,
                1,
                32,
                c.augment(),
                c.optimizer(),
                0),
        "config field 'model.name': resnet9000 is not a known model");
    assertRejects(
        c ->
            new TrainConfig(
                c.name(),
                c.model(),
                c.data(),
                4,
                1,
                32,
                new TrainConfig.AugmentConfig(List.of("hflip", "warp"), null),
                c.optimizer(),
                0),
        "unknown per-sample augmentation 'warp'");
    assertRejects(
        c ->
            new TrainConfig(
                c.name(),
                c.model(),
                c.data(),
                10,
                2,
                32,
                c.augment(),
                new TrainConfig.OptimizerConfig(0.1, 0.9, 0, List.of(5, 9), 0.1, null),
                0),
        "config field 'optimizer.milestones': 9 lies past the end of the intensive phase (8"
            + " epochs; a milestone must be below that); keep the others with --set"
            + " optimizer.milestones=[5], or train longer");
    assertRejects(
        c ->
            new TrainConfig(
                c.name(),
                c.model(),
                c.data(),
                10,
                2,
                32,
                c.augment(),
                new TrainConfig.OptimizerConfig(0.1, 0.9, 0, List.of(5, 3), 0.1, null),
                0),
        "config field 'optimizer.milestones': [5, 3] must be increasing epochs from 1");
  }

  private static void assertRejects(
      java.util.function.UnaryOperator<TrainConfig> change, String message) {
    TrainConfig config = change.apply(Fixtures.config(4, 1, null));
    BadInputException e = assertThrows(BadInputException.class, config::validate);
    assertTrue(
        e.getMessage().startsWith(message) || e.getMessage().contains(message), e.getMessage());
  }
}

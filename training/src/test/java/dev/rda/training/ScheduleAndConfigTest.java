package dev.rda.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.augment.StrengthSchedule;
import dev.rda.core.BadInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleAndConfigTest {

  @Test
  void stepScheduleDividesAtMilestonesAndHoldsTheLastLrForRefinement() {
    StepSchedule s = new StepSchedule(0.1, List.of(150, 275), 0.1, 400, null);
    assertEquals(0.1, s.lr(0), 1e-12);
    assertEquals(0.1, s.lr(149), 1e-12);
    assertEquals(0.01, s.lr(150), 1e-12);
    assertEquals(0.01, s.lr(274), 1e-12);
    assertEquals(0.001, s.lr(275), 1e-12);
    assertEquals(0.001, s.lr(399), 1e-12);
    assertEquals(0.001, s.lr(400), 1e-12); // refinement: last LR of phase 1
    assertEquals(0.001, s.lr(449), 1e-12);
    assertEquals(0.0005, new StepSchedule(0.1, List.of(150), 0.1, 400, 0.0005).lr(420), 1e-12);
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
                  new StrengthSchedule("off", offAndExpected[0], null),
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
                new StrengthSchedule("linear", 2, 6),
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
                new StrengthSchedule("linear", 2, 6),
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
            new TrainConfig.AugmentConfig(
                List.of(), List.of(), "cutmix", new StrengthSchedule("off", 8, null), null));
    BadInputException e = assertThrows(BadInputException.class, late::validate);
    assertTrue(e.getMessage().contains("augment.schedule"), e.getMessage());
  }

  @Test
  void summaryReportsBestLastAndMedianOfLastTen() {
    List<EpochMetrics> epochs = new java.util.ArrayList<>();
    for (int e = 1; e <= 12; e++) {
      double top1 = e == 5 ? 99 : e; // best at epoch 5, last 10 are epochs 3..12
      epochs.add(new EpochMetrics(e, "intensive", 0.1, 1, 1, 1, 1, 1, top1, 100, 1, e));
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

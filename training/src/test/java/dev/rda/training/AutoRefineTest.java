package dev.rda.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.core.BadInputException;
import dev.rda.core.Json;
import dev.rda.core.Schedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** refine: auto on generated data: the switch happens where the rule says, and resumes alike. */
class AutoRefineTest {
  @TempDir Path tmp;

  /** Mixup for up to 8 epochs then 2 of refinement, a quarter of the images held out. */
  private static TrainConfig auto(TrainConfig.AutoRefine rule) {
    return auto(Fixtures.config(10, 2, "mixup(gamma=1.0)"), rule);
  }

  /** {@code c} with a quarter of its images held out and {@code rule}. */
  private static TrainConfig auto(TrainConfig c, TrainConfig.AutoRefine rule) {
    return c.withData(c.data().withHeldOut(0.25)).withAutoRefine(rule);
  }

  @Test
  void theRunSwitchesWhereTheRuleFiresRecordsWhyAndResumesToTheSameEnd() throws Exception {
    // minDelta 10: no epoch after the first counts as an improvement, so with patience 2 the rule
    // fires after epoch 3; refinement takes epochs 4 and 5, and the run ends there.
    TrainConfig config = auto(new TrainConfig.AutoRefine(2, 10.0, 1));
    config.validate();
    TrainingData data = Fixtures.data(config);
    RunDirectory whole = RunDirectory.create(tmp.resolve("whole"), config);
    List<SwitchRule.Decision> told = new ArrayList<>();
    TrainingListener watch =
        new TrainingListener() {
          @Override
          public void onSwitch(SwitchRule.Decision d) {
            told.add(d);
          }
        };
    Training.train(whole, data, 1, List.of(watch));
    List<EpochMetrics> m = whole.metrics();
    assertEquals(
        List.of("intensive", "intensive", "intensive", "refine", "refine"),
        m.stream().map(EpochMetrics::phase).toList());
    assertEquals(1, told.size());
    assertEquals(3, told.get(0).epoch());
    assertEquals(1, told.get(0).bestEpoch());
    assertEquals(
        m.subList(0, 3).stream().map(EpochMetrics::heldOutLoss).toList(),
        told.get(0).heldOutLosses());
    var recorded =
        Json.MAPPER.readValue(
            Files.readString(whole.root().resolve(RunDirectory.SWITCH_FILE)),
            SwitchRule.Decision.class);
    assertEquals(told.get(0), recorded);
    assertEquals(0.0, m.get(3).strength(), "refinement turns Mixup off");

    // Killed after epoch 4 (in refinement), resumed: the same decision, the same epochs.
    RunDirectory broken = RunDirectory.create(tmp.resolve("broken"), config);
    assertThrows(
        IllegalStateException.class,
        () -> Training.train(broken, data, 1, List.of(Fixtures.crashAfter(5))));
    Training.train(RunDirectory.open(broken.root()), data, 1, List.of());
    assertEquals(numbers(m), numbers(RunDirectory.open(broken.root()).metrics()));
  }

  /** What an epoch computed, without its timings. */
  private static List<List<Object>> numbers(List<EpochMetrics> epochs) {
    return epochs.stream()
        .map(
            e ->
                List.<Object>of(
                    e.epoch(),
                    e.phase(),
                    e.lr(),
                    e.trainLossAugmented(),
                    e.trainLossClean(),
                    e.testLoss(),
                    e.testTop1(),
                    e.heldOutLoss(),
                    e.heldOutTop1()))
        .toList();
  }

  @Test
  void withoutAPlateauRefinementStartsAtTheFixedSwitch() {
    // patience 20 never fires within 8 intensive epochs: the run is the fixed 8 + 2.
    TrainConfig config = auto(new TrainConfig.AutoRefine(20, 0.0, 1));
    TrainingData data = Fixtures.data(config);
    RunDirectory dir = RunDirectory.create(tmp.resolve("fixed"), config);
    Training.train(dir, data, 1, List.of());
    List<EpochMetrics> m = dir.metrics();
    assertEquals(10, m.size());
    assertEquals("intensive", m.get(7).phase());
    assertEquals("refine", m.get(8).phase());
    assertTrue(Files.notExists(dir.root().resolve(RunDirectory.SWITCH_FILE)));
  }

  @Test
  void autoNeedsHeldOutImagesAndASensibleRule() {
    TrainConfig noHeldOut = Fixtures.config(10, 2, null).withLoss(null);
    TrainConfig withRule = noHeldOut.withAutoRefine(new TrainConfig.AutoRefine(2, null, null));
    BadInputException e = assertThrows(BadInputException.class, withRule::validate);
    assertTrue(e.getMessage().contains("data.heldOut"), e.getMessage());
    e =
        assertThrows(
            BadInputException.class, auto(new TrainConfig.AutoRefine(0, null, null))::validate);
    assertTrue(e.getMessage().contains("'autoRefine.patience'"), e.getMessage());
    e =
        assertThrows(
            BadInputException.class, auto(new TrainConfig.AutoRefine(2, null, 9))::validate);
    assertTrue(e.getMessage().contains("'autoRefine.fromEpoch'"), e.getMessage());
  }

  /**
   * Under a cosine LR and a linear strength, 16 intensive epochs (at most) then 2 of refinement.
   */
  private static TrainConfig cosine(Double refineLr) {
    TrainConfig c = Fixtures.config(18, 2, "mixup(gamma=1.0)");
    TrainConfig.AugmentConfig a = c.augment();
    return auto(
        new TrainConfig(
                c.name(),
                c.model(),
                c.data(),
                c.epochs(),
                c.refineEpochs(),
                c.batchSize(),
                c.augment(),
                new TrainConfig.OptimizerConfig(
                    0.1,
                    0.9,
                    5e-4,
                    List.of(),
                    null,
                    refineLr,
                    new Schedule("cosine", null, null, null, null, 0.05, 3)),
                c.seed())
            .withAugment(
                new TrainConfig.AugmentConfig(
                    a.standard(),
                    a.intensive(),
                    a.batch(),
                    new Schedule("linear", null, null, 4, null, 0.5, null),
                    a.evaluation())),
        new TrainConfig.AutoRefine(3, null, null));
  }

  @Test
  void aCosineCutShortKeepsItsEpochsAndRefinementHoldsTheLrItReached() {
    TrainConfig config = cosine(null);
    config.validate();
    // Under a decaying LR the rule counts from three quarters of the intensive phase on (epoch
    // 13), so it can fire after epoch 15 at the earliest.
    assertEquals(15, config.surelyIntensiveEpochs());
    TrainConfig switched = config.switchedAfter(14);
    LearningRate before = LearningRate.of(config);
    LearningRate after = LearningRate.of(switched);
    List<Phase> planBefore = Phase.plan(config);
    List<Phase> planAfter = Phase.plan(switched);
    int steps = 8;
    for (int e = 0; e < 14; e++) {
      for (int k = 0; k < steps; k++) {
        assertEquals(before.at(e, k, steps), after.at(e, k, steps), "LR, epoch " + e + " " + k);
      }
      assertEquals(
          Phase.at(planBefore, e).strength(e), Phase.at(planAfter, e).strength(e), "epoch " + e);
    }
    double reached = before.at(13, steps - 1, steps);
    assertTrue(reached > 0.1 * 0.06, "the cosine was cut before its floor: " + reached);
    assertEquals(reached, after.at(14, 0, steps));
    assertEquals(reached, after.at(15, steps - 1, steps));
    assertEquals("refine", Phase.at(planAfter, 14).name());
    assertEquals(16, switched.epochs());
    // refineLr, when given, is what refinement holds after a switch too.
    assertEquals(0.002, LearningRate.of(cosine(0.002).switchedAfter(14)).at(14, 0, steps));
  }

  @Test
  void aRunIsForkedFromAnotherOnlyWhereNoSwitchCanHaveHappened() {
    TrainConfig auto = cosine(null);
    TrainConfig plain =
        new TrainConfig(
            auto.name(),
            auto.model(),
            auto.data(),
            auto.epochs(),
            0,
            auto.batchSize(),
            auto.augment(),
            auto.optimizer(),
            auto.seed());
    // Without refinement the plain run's cosine spans 18 epochs, not 16: no epoch is shared.
    assertEquals(0, Fork.sharedEpochs(plain, auto));
    TrainConfig fixed = auto.switchedAfter(16); // the fixed plan: 16 intensive + 2
    assertEquals(18, Fork.sharedEpochs(fixed, fixed));
    assertEquals(15, Fork.sharedEpochs(fixed, auto));
    assertEquals(15, Fork.sharedEpochs(auto, fixed));
    assertTrue(
        Fork.firstDifference(fixed, auto, 16).contains("refine: auto may switch after epoch 15"));
  }
}

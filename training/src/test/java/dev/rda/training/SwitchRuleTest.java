package dev.rda.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SwitchRuleTest {

  @Test
  void aLossStillFallingNeverSwitches() {
    SwitchRule rule = new SwitchRule(2, 0, 1);
    assertTrue(rule.decide(List.of(1.0, 0.9, 0.8, 0.7, 0.6)).isEmpty());
  }

  @Test
  void switchesAfterPatienceEpochsWithoutImprovement() {
    SwitchRule rule = new SwitchRule(2, 0, 1);
    // Best at epoch 3 (0.5); epochs 4 and 5 do not beat it: switch after epoch 5.
    SwitchRule.Decision d = rule.decide(List.of(1.0, 0.7, 0.5, 0.55, 0.5, 0.4)).orElseThrow();
    assertEquals(5, d.epoch());
    assertEquals(3, d.bestEpoch());
    assertEquals(0.5, d.bestLoss());
    assertEquals(List.of(1.0, 0.7, 0.5, 0.55, 0.5), d.heldOutLosses());
  }

  @Test
  void anImprovementSmallerThanMinDeltaDoesNotCount() {
    SwitchRule rule = new SwitchRule(2, 0.01, 1);
    // 0.495 and 0.492 are within 0.01 of 0.5: no improvement, switch after epoch 3.
    assertEquals(3, rule.decide(List.of(0.5, 0.495, 0.492)).orElseThrow().epoch());
    assertTrue(new SwitchRule(2, 0, 1).decide(List.of(0.5, 0.495, 0.492)).isEmpty());
  }

  @Test
  void epochsBeforeTheFinalLearningRateAreNotCounted() {
    // A plateau at the high LR (epochs 1-4) is not a reason to switch; from epoch 5 the loss
    // falls with the lower LR, then stays: switch after epoch 8.
    SwitchRule rule = new SwitchRule(2, 0, 5);
    List<Double> losses = List.of(0.9, 0.9, 0.9, 0.9, 0.5, 0.4, 0.45, 0.41, 0.3);
    SwitchRule.Decision d = rule.decide(losses).orElseThrow();
    assertEquals(8, d.epoch());
    assertEquals(6, d.bestEpoch());
    assertTrue(new SwitchRule(2, 0, 5).decide(losses.subList(0, 7)).isEmpty());
  }

  @Test
  void theDecisionDependsOnlyOnTheLossesSoFar() {
    SwitchRule rule = new SwitchRule(3, 0, 2);
    List<Double> losses = List.of(1.0, 0.8, 0.6, 0.61, 0.62, 0.63, 0.2);
    for (int n = 1; n <= losses.size(); n++) {
      var d = rule.decide(losses.subList(0, n));
      assertEquals(n >= 6, d.isPresent(), "after " + n + " epochs");
      d.ifPresent(x -> assertEquals(6, x.epoch()));
    }
  }

  @Test
  void nonsenseSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SwitchRule(0, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new SwitchRule(1, -1, 1));
    assertThrows(IllegalArgumentException.class, () -> new SwitchRule(1, 0, 0));
  }
}

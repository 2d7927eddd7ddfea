package dev.rda.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each kind's value at given epochs and steps, against its definition worked out by hand. */
class ScheduleTest {

  @Test
  void strengthKindsPerEpoch() {
    Schedule off = Schedule.off(40);
    assertEquals(1.0, off.atEpoch(39, 100));
    assertEquals(0.0, off.atEpoch(40, 100));
    Schedule linear = new Schedule("linear", null, null, 10, 20, null, null);
    assertEquals(1.0, linear.atEpoch(10, 100));
    assertEquals(0.7, linear.atEpoch(13, 100), 1e-12);
    assertEquals(0.0, linear.atEpoch(20, 100));
    Schedule cosine = new Schedule("cosine", null, null, 10, 20, null, null);
    assertEquals(0.5, cosine.atEpoch(15, 100), 1e-12);
    assertEquals(0.5 * (1 + Math.cos(Math.PI * 0.2)), cosine.atEpoch(12, 100), 1e-12);
    assertEquals(0.0, cosine.atEpoch(25, 100));
    assertEquals(1.0, Schedule.CONSTANT.atEpoch(1000, 100));
  }

  @Test
  void stepCountsMilestonesPassedAtTheStartOfTheirEpoch() {
    Schedule step = Schedule.step(List.of(2, 5), 0.1);
    assertEquals(1.0, step.at(1, 9, 10, 10));
    assertEquals(0.1, step.at(2, 0, 10, 10), 1e-15);
    assertEquals(0.01, step.at(5, 3, 10, 10), 1e-15);
    assertEquals(5, step.lastChange(10));
  }

  @Test
  void cosineMovesWithinAnEpochToItsFloorAtTheEndOfThePhase() {
    Schedule cosine = new Schedule("cosine", null, null, null, null, 0.2, null);
    // 4 epochs of 2 steps: progress 1.5 of 4 is t = 0.375.
    assertEquals(0.2 + 0.8 * 0.5 * (1 + Math.cos(Math.PI * 0.375)), cosine.at(1, 1, 2, 4), 1e-12);
    assertEquals(0.2, cosine.at(4, 0, 2, 4), 1e-12);
    assertEquals(4, cosine.lastChange(4));
  }

  @Test
  void warmupRampsTheFirstStepsLinearly() {
    Schedule warm = new Schedule("constant", null, null, null, null, null, 5);
    assertEquals(0.2, warm.at(0, 0, 3, 10), 1e-12);
    assertEquals(0.8, warm.at(1, 0, 3, 10), 1e-12); // step 3 of the run
    assertEquals(1.0, warm.at(1, 1, 3, 10), 1e-12); // step 4: the last of the ramp
    assertEquals(1.0, warm.at(2, 0, 3, 10), 1e-12);
  }

  @Test
  void fieldsAKindDoesNotUseAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Schedule("linear", null, null, 10, 10, null, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Schedule("off", null, null, null, null, null, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Schedule("step", List.of(1), 0.1, 3, null, null, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Schedule("cosine", List.of(1), null, null, null, null, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Schedule("exp", null, null, null, null, null, null));
  }
}

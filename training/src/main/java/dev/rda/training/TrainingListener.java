package dev.rda.training;

import java.util.List;

/**
 * Watches a run: console output, the run directory, checkpoints. The trainer calls every listener
 * in order, so the loop itself never grows a branch per concern.
 */
public interface TrainingListener extends EpochLoop.Listener<EpochMetrics> {

  /** Before the first epoch of this process ({@code startEpoch} > 0 after a resume). */
  default void onRunStart(TrainConfig config, TrainingData data, int startEpoch, long parameters) {}

  /** {@code images}: how many the epoch trains on (whole batches only). */
  default void onEpochStart(int epoch, Phase phase, double lr, int images) {}

  /**
   * After each optimizer step: its number in the run (from 0), images seen in this epoch so far,
   * the step's loss and the learning rate it was fed.
   */
  default void onStep(long step, int imagesSoFar, float loss, double lr) {}

  /** After evaluation; {@code history} holds every epoch so far, this one included. */
  @Override
  default void onEpochEnd(EpochMetrics metrics, List<EpochMetrics> history) {}

  default void onRunEnd(Summary summary) {}

  /**
   * {@code refine: auto} decided to switch after {@code decision.epoch()}: told once, right after
   * that epoch's {@link #onEpochEnd}, and again at the start of a resumed run that had switched.
   */
  default void onSwitch(SwitchRule.Decision decision) {}

  /**
   * Something the user should know that does not stop the run, e.g. a damaged checkpoint skipped.
   */
  default void onNotice(String message) {}
}

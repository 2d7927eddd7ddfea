package dev.rda.detection;

import dev.rda.training.EpochLoop;
import java.util.List;

/**
 * Hears what a detection run does, as classification's listeners do: the console line, the progress
 * bar, the metrics and checkpoints are listeners, so the loop has no branch for them.
 */
public interface DetectionListener extends EpochLoop.Listener<DetectionRun.Epoch> {
  /** Before the first epoch trains: after {@code start} epochs (0: a new run). */
  default void onRunStart(DetectionTraining.Inputs inputs, Detector detector, int start) {}

  default void onEpochStart(int epoch, int images) {}

  /** After a training step, or an evaluated batch: {@code images} more done. */
  default void onImages(int images) {}

  @Override
  default void onEpochEnd(DetectionRun.Epoch epoch, List<DetectionRun.Epoch> history) {}

  default void onEvaluationStart(String split, int images) {}

  default void onEvaluated(DetectionRun.Evaluation evaluation) {}
}

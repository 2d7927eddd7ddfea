package dev.rda.detection;

import java.util.List;
import java.util.OptionalInt;

/** Keeps a detection run's directory: metrics and a checkpoint after each epoch, then mAP. */
final class DetectionRecorder implements DetectionListener {
  private final DetectionRun run;
  private final Detector detector;

  DetectionRecorder(DetectionRun run, Detector detector) {
    this.run = run;
    this.detector = detector;
  }

  @Override
  public void onEpochEnd(DetectionRun.Epoch e, List<DetectionRun.Epoch> history) {
    run.writeMetrics(history);
    run.checkpoints().save(e.epoch(), detector::save, OptionalInt.empty());
  }

  @Override
  public void onEvaluated(DetectionRun.Evaluation evaluation) {
    run.writeEvaluation(evaluation);
  }
}

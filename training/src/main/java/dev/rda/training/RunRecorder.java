package dev.rda.training;

import java.util.List;

/**
 * Keeps the run directory current after every epoch: the metrics, then the checkpoint, whose
 * pointer {@code latest.json} moves last (inside {@link RunDirectory#saveCheckpoint}). A resume
 * keeps only the metrics up to that pointer, so a crash anywhere in between loses nothing.
 */
public final class RunRecorder implements TrainingListener {
  private final RunDirectory dir;
  private final TrainingGraph graph;
  private final String name;

  public RunRecorder(RunDirectory dir, TrainingGraph graph, String name) {
    this.dir = dir;
    this.graph = graph;
    this.name = name;
  }

  @Override
  public void onEpochEnd(EpochMetrics metrics, List<EpochMetrics> history) {
    dir.writeMetrics(history);
    dir.saveCheckpoint(metrics.epoch(), graph::save);
    dir.writeSummary(Summary.of(name, history));
  }

  /** {@code refine.json}: when refine: auto switched, and the held-out losses it decided on. */
  @Override
  public void onSwitch(SwitchRule.Decision decision) {
    dir.writeSwitch(decision);
  }
}

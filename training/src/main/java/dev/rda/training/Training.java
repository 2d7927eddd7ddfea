package dev.rda.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Trains the run of a run directory to its last epoch: from fresh variables, or, when the directory
 * holds a checkpoint, from that checkpoint with the metrics recorded up to it.
 */
public final class Training {
  private Training() {}

  public static Summary train(
      RunDirectory dir, TrainingData data, int threads, List<TrainingListener> listeners) {
    return train(dir, data, threads, listeners, dir.config().epochs());
  }

  /**
   * Trains up to epoch {@code until} (at most the config's last) and returns the summary so far;
   * the run stays resumable from there (a sweep forks other runs at that point).
   */
  public static Summary train(
      RunDirectory dir,
      TrainingData data,
      int threads,
      List<TrainingListener> listeners,
      int until) {
    return train(dir, data, threads, Replication.SINGLE, listeners, until);
  }

  /** As above, with the training step spread over devices as {@code replication} says. */
  public static Summary train(
      RunDirectory dir,
      TrainingData data,
      int threads,
      Replication replication,
      List<TrainingListener> listeners,
      int until) {
    TrainConfig config = dir.config();
    int last = Math.min(until, config.epochs());
    List<EpochMetrics> history = List.of();
    Optional<Checkpoints.Checkpoint> checkpoint = dir.latestCheckpoint();
    if (checkpoint.isPresent()) {
      int done = checkpoint.get().epoch();
      history = dir.metrics().stream().filter(m -> m.epoch() <= done).toList();
      if (history.size() != done) {
        throw new ConfigException(
            dir.root()
                + ": metrics.jsonl holds "
                + history.size()
                + " epochs up to checkpoint epoch "
                + done
                + "; cannot resume consistently");
      }
      if (done >= last) {
        return Summary.of(config.name(), history);
      }
    }
    try (TrainingGraph graph =
            new TrainingGraph(config, data, Phase.plan(config), threads, replication);
        TensorBoardWriter tensorBoard = new TensorBoardWriter(dir.root())) {
      if (checkpoint.isPresent()) {
        graph.restore(dir.prefix(checkpoint.get()));
      } else {
        graph.initialize();
      }
      List<TrainingListener> all = new ArrayList<>(listeners);
      all.add(new RunRecorder(dir, graph, config.name()));
      all.add(tensorBoard);
      return new Trainer(config, graph, all).run(data, history, last);
    } catch (RuntimeException e) {
      throw replication.lostTask(e); // a lost task fails whatever runs next: name it
    }
  }
}

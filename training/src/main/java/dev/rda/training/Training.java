package dev.rda.training;

import dev.rda.core.BadInputException;
import dev.rda.core.Precision;
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
    return train(dir, data, threads, listeners, dir.plan().epochs());
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
    return train(dir, data, threads, Replication.SINGLE, listeners, until, FreshStart.NONE);
  }

  /**
   * What a new run does to its freshly initialised network before its first epoch, e.g. copy a
   * backbone's weights into it; the result is the run's epoch-0 checkpoint, so that a resume before
   * epoch 1 ends starts from it too.
   */
  @FunctionalInterface
  public interface FreshStart {
    FreshStart NONE = graph -> {};

    void apply(TrainingGraph graph);
  }

  /**
   * As above, with the training step spread over devices as {@code replication} says, and a new run
   * started by {@code start}.
   */
  public static Summary train(
      RunDirectory dir,
      TrainingData data,
      int threads,
      Replication replication,
      List<TrainingListener> listeners,
      int until,
      FreshStart start) {
    TrainConfig config = dir.config();
    int last = Math.min(until, dir.plan().epochs());
    Optional<Checkpoints.Checkpoint> pointer = dir.latestCheckpoint();
    List<Checkpoints.Checkpoint> resumable = dir.checkpoints().resumable();
    if (pointer.isPresent() && pointer.get().epoch() >= last && resumable.contains(pointer.get())) {
      return Summary.of(config.name(), history(dir, pointer.get().epoch()));
    }
    try (TrainingGraph graph = new TrainingGraph(config, data, threads, replication);
        TensorBoardWriter tensorBoard = new TensorBoardWriter(dir.root())) {
      List<TrainingListener> all = new ArrayList<>(listeners);
      all.add(new RunRecorder(dir, graph, config.name()));
      all.add(tensorBoard);
      String noBfloat16 = Precision.unsupportedHere();
      if (config.model().computePrecision() == Precision.BFLOAT16 && noBfloat16 != null) {
        for (TrainingListener l : all) {
          l.onNotice("model.precision bfloat16: " + noBfloat16 + "; this run computes in float32");
        }
      }
      List<EpochMetrics> history = List.of();
      if (pointer.isPresent()) {
        int done = restoreNewestIntact(dir, graph, pointer.get(), resumable, all);
        history = history(dir, done);
        if (done >= last) {
          Summary summary = Summary.of(config.name(), history);
          dir.writeSummary(summary); // the run ended at an older checkpoint than latest.json said
          return summary;
        }
      } else {
        graph.initialize();
        if (start != FreshStart.NONE) {
          start.apply(graph);
          dir.saveCheckpoint(0, graph::save);
        }
      }
      return new Trainer(config, graph, all).run(data, history, last);
    } catch (RuntimeException e) {
      throw replication.lostTask(e); // a lost task fails whatever runs next: name it
    }
  }

  /**
   * Restores the newest checkpoint that restores, saying so when that is not the one {@code
   * latest.json} names (it is missing or damaged; a run keeps the last two); returns its epoch.
   */
  private static int restoreNewestIntact(
      RunDirectory dir,
      TrainingGraph graph,
      Checkpoints.Checkpoint pointer,
      List<Checkpoints.Checkpoint> resumable,
      List<TrainingListener> listeners) {
    List<String> problems = new ArrayList<>();
    if (!resumable.contains(pointer)) {
      problems.add(
          dir.checkpoints().dir().resolve(pointer.directory())
              + ": missing (checkpoints/latest.json names it)");
    }
    for (Checkpoints.Checkpoint c : resumable) {
      try {
        VariableFiles.restore(dir.prefix(c), graph::restore);
      } catch (BadInputException damaged) {
        problems.add(damaged.getMessage());
        continue;
      }
      for (String p : problems) {
        for (TrainingListener l : listeners) {
          l.onNotice(p + "; resuming from the checkpoint after epoch " + c.epoch());
        }
      }
      return c.epoch();
    }
    throw new BadInputException(
        dir.root()
            + ": no intact checkpoint to resume from ("
            + String.join("; ", problems)
            + "); start a new run");
  }

  /** The recorded metrics up to epoch {@code done}, which must all be there. */
  private static List<EpochMetrics> history(RunDirectory dir, int done) {
    List<EpochMetrics> history = dir.metrics().stream().filter(m -> m.epoch() <= done).toList();
    if (history.size() != done) {
      throw new BadInputException(
          dir.root()
              + ": metrics.jsonl holds "
              + history.size()
              + " epochs up to checkpoint epoch "
              + done
              + "; cannot resume consistently");
    }
    return history;
  }
}

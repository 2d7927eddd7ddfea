package dev.rda.training;

import dev.rda.core.BadInputException;
import dev.rda.training.Checkpoints.Checkpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A classifier run's directory: the files every run has ({@link RunFiles}: {@code config.json},
 * {@code metrics.jsonl}, {@code checkpoints/}) and {@code summary.json}. {@code
 * checkpoints/latest.json} moves only after its checkpoint and the metrics up to it are complete,
 * which is what makes resume exact.
 */
public final class RunDirectory {
  private static final String SUMMARY = "summary.json";

  private final RunFiles<TrainConfig, EpochMetrics> files;

  private RunDirectory(RunFiles<TrainConfig, EpochMetrics> files) {
    this.files = files;
  }

  /** A new run directory holding {@code config}; refuses to overwrite another run. */
  public static RunDirectory create(Path root, TrainConfig config) {
    return new RunDirectory(RunFiles.create(root, config, TrainConfig.class, EpochMetrics.class));
  }

  /** An existing run directory, to resume or analyse. */
  public static RunDirectory open(Path root) {
    return new RunDirectory(
        RunFiles.open(root, "a run directory", TrainConfig.class, EpochMetrics.class));
  }

  public Path root() {
    return files.root();
  }

  public Path summaryFile() {
    return root().resolve(SUMMARY);
  }

  public TrainConfig config() {
    return files.config();
  }

  /** The run's plan: its config, or once refine: auto has switched, the config switched there. */
  public TrainConfig plan() {
    return config().planAfter(metrics());
  }

  public List<EpochMetrics> metrics() {
    return files.metrics();
  }

  public void writeMetrics(List<EpochMetrics> metrics) {
    files.writeMetrics(metrics);
  }

  /** refine: auto's decision, written whole or not at all. */
  public void writeSwitch(SwitchRule.Decision decision) {
    files.write(SWITCH_FILE, decision);
  }

  /** The file of {@link #writeSwitch}. */
  public static final String SWITCH_FILE = "refine.json";

  public void writeSummary(Summary summary) {
    files.write(SUMMARY, summary);
  }

  public Checkpoints checkpoints() {
    return files.checkpoints();
  }

  public Optional<Checkpoint> latestCheckpoint() {
    return checkpoints().latest();
  }

  /** Epochs recorded by the newest checkpoint a resume can start from (0 before the first). */
  public int completedEpochs() {
    return checkpoints().resumable().stream().findFirst().map(Checkpoint::epoch).orElse(0);
  }

  /** The prefix to restore the variables of {@code checkpoint} from. */
  public String prefix(Checkpoint checkpoint) {
    return checkpoints().prefix(checkpoint);
  }

  /**
   * Saves a checkpoint after {@code epoch} epochs (see {@link Checkpoints#save}), keeping the last
   * two and the best epoch's.
   */
  public void saveCheckpoint(int epoch, Consumer<String> saver) {
    Optional<Integer> best = bestEpoch();
    checkpoints()
        .save(epoch, saver, best.isPresent() ? OptionalInt.of(best.get()) : OptionalInt.empty());
  }

  /** The epoch with the highest test top-1 so far (the first of equals), as the summary's best. */
  private Optional<Integer> bestEpoch() {
    List<EpochMetrics> metrics = metrics();
    return metrics.isEmpty()
        ? Optional.empty()
        : Optional.of(Summary.of(root().getFileName().toString(), metrics).bestEpoch());
  }

  /**
   * The checkpoint {@code which} names: {@code last} (the latest), {@code best} (the epoch with the
   * best test top-1, always kept) or an epoch number whose checkpoint is still on disk.
   */
  public Checkpoint checkpoint(String which) {
    Checkpoint latest =
        latestCheckpoint().orElseThrow(() -> new BadInputException(root() + ": has no checkpoint"));
    if (which.equals("last")) {
      return latest;
    } else if (which.equals("best")) {
      return checkpoints()
          .at(
              bestEpoch()
                  .orElseThrow(() -> new BadInputException(root() + ": has no epoch metrics yet")));
    }
    try {
      return checkpoints().at(Integer.parseInt(which));
    } catch (NumberFormatException e) {
      throw new BadInputException("--checkpoint", which, "must be best, last or an epoch number");
    }
  }

  /** Deletes {@code path} and everything under it, if it exists. */
  public static void deleteTree(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> s = Files.walk(path)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }
}

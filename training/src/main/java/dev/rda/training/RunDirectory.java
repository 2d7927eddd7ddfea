package dev.rda.training;

import dev.rda.core.AtomicFiles;
import dev.rda.core.BadInputException;
import dev.rda.core.Json;
import dev.rda.training.Checkpoints.Checkpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A run's directory: {@code config.json} (resolved), {@code metrics.jsonl}, {@code summary.json}
 * and {@code checkpoints/}. Every file is written to a temporary name and renamed, so a crash never
 * leaves a half-written file; {@code checkpoints/latest.json} moves only after its checkpoint and
 * the metrics up to it are complete, which is what makes resume exact.
 */
public final class RunDirectory {
  private static final String CONFIG = "config.json";
  private static final String METRICS = "metrics.jsonl";
  private static final String SUMMARY = "summary.json";
  private static final String CHECKPOINTS = "checkpoints";

  private final Path root;

  private RunDirectory(Path root) {
    this.root = root;
  }

  /** A new run directory holding {@code config}; refuses to overwrite another run. */
  public static RunDirectory create(Path root, TrainConfig config) {
    if (Files.exists(root.resolve(CONFIG))) {
      throw new BadInputException(
          root
              + ": already holds a run (use --resume "
              + root
              + " to continue it, or another --run-dir)");
    }
    try {
      Files.createDirectories(root.resolve(CHECKPOINTS));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create run directory " + root, e);
    }
    RunDirectory dir = new RunDirectory(root);
    AtomicFiles.write(root.resolve(CONFIG), Json.pretty(config));
    return dir;
  }

  /** An existing run directory, to resume or analyse. */
  public static RunDirectory open(Path root) {
    if (!Files.isRegularFile(root.resolve(CONFIG))) {
      throw new BadInputException(root + ": not a run directory (no " + CONFIG + ")");
    }
    return new RunDirectory(root);
  }

  public Path root() {
    return root;
  }

  public Path summaryFile() {
    return root.resolve(SUMMARY);
  }

  public TrainConfig config() {
    Path file = root.resolve(CONFIG);
    try {
      return Json.MAPPER.readValue(file.toFile(), TrainConfig.class);
    } catch (IOException e) {
      throw new BadInputException(file + ": " + firstLine(e.getMessage()));
    }
  }

  public List<EpochMetrics> metrics() {
    Path file = root.resolve(METRICS);
    if (!Files.exists(file)) {
      return List.of();
    }
    List<EpochMetrics> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          out.add(Json.MAPPER.readValue(line, EpochMetrics.class));
        }
      }
    } catch (IOException e) {
      throw new BadInputException(file + ": " + firstLine(e.getMessage()));
    }
    return out;
  }

  public void writeMetrics(List<EpochMetrics> metrics) {
    StringBuilder text = new StringBuilder();
    for (EpochMetrics m : metrics) {
      text.append(Json.line(m)).append('\n');
    }
    AtomicFiles.write(root.resolve(METRICS), text.toString());
  }

  public void writeSummary(Summary summary) {
    AtomicFiles.write(root.resolve(SUMMARY), Json.pretty(summary));
  }

  public Checkpoints checkpoints() {
    return new Checkpoints(root.resolve(CHECKPOINTS));
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
        : Optional.of(Summary.of(root.getFileName().toString(), metrics).bestEpoch());
  }

  /**
   * The checkpoint {@code which} names: {@code last} (the latest), {@code best} (the epoch with the
   * best test top-1, always kept) or an epoch number whose checkpoint is still on disk.
   */
  public Checkpoint checkpoint(String which) {
    Checkpoint latest =
        latestCheckpoint().orElseThrow(() -> new BadInputException(root + ": has no checkpoint"));
    if (which.equals("last")) {
      return latest;
    } else if (which.equals("best")) {
      return checkpoints()
          .at(
              bestEpoch()
                  .orElseThrow(() -> new BadInputException(root + ": has no epoch metrics yet")));
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

  private static String firstLine(String message) {
    return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
  }
}

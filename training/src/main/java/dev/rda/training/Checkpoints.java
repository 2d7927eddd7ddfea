package dev.rda.training;

import dev.rda.core.AtomicFiles;
import dev.rda.core.BadInputException;
import dev.rda.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A run's {@code checkpoints/} folder: one {@code epoch-NNNN/} per kept checkpoint and {@code
 * latest.json}, which points at the newest complete one and moves only after it is written.
 */
public final class Checkpoints {
  private static final String LATEST = "latest.json";
  private static final int KEPT = 2;

  private final Path dir;

  /** A checkpoint: the variables after {@code epoch} epochs, in {@code directory}. */
  public record Checkpoint(int epoch, String directory) {}

  public Checkpoints(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  public Optional<Checkpoint> latest() {
    Path file = dir.resolve(LATEST);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.MAPPER.readValue(file.toFile(), Checkpoint.class));
    } catch (IOException e) {
      throw new BadInputException(file + ": " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  /**
   * The checkpoints a resume may start from, newest first: the one {@code latest.json} points at if
   * it is on disk, then the older ones still kept, to fall back to when a newer one is damaged.
   */
  public List<Checkpoint> resumable() {
    Optional<Checkpoint> pointer = latest();
    if (pointer.isEmpty()) {
      return List.of();
    }
    int upTo = pointer.get().epoch();
    return epochDirectories().stream()
        .sorted(Comparator.reverseOrder())
        .map(n -> new Checkpoint(epochOf(n), n))
        .filter(c -> c.epoch() <= upTo)
        .toList();
  }

  /** The prefix to restore the variables of {@code checkpoint} from. */
  public String prefix(Checkpoint checkpoint) {
    return dir.resolve(checkpoint.directory()).resolve("variables").toString();
  }

  /**
   * Saves a checkpoint after {@code epoch} epochs: {@code saver} writes the variables under a
   * prefix in a temporary directory, which is then renamed into place; only then does {@code
   * latest.json} point at it. Older checkpoints beyond the last two are removed, except {@code
   * keep}'s (e.g. the best epoch's).
   */
  public void save(int epoch, Consumer<String> saver, OptionalInt keep) {
    String name = name(epoch);
    Path tmp = dir.resolve(".tmp-" + name);
    Path target = dir.resolve(name);
    RunDirectory.deleteTree(tmp);
    try {
      Files.createDirectories(tmp);
      saver.accept(tmp.resolve("variables").toString());
      RunDirectory.deleteTree(target);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + target, e);
    }
    pointLatestAt(new Checkpoint(epoch, name));
    String kept = keep.isPresent() ? name(keep.getAsInt()) : name;
    epochDirectories().stream()
        .sorted(Comparator.reverseOrder())
        .skip(KEPT)
        .filter(n -> !n.equals(kept))
        .forEach(n -> RunDirectory.deleteTree(dir.resolve(n)));
  }

  /** Makes {@code checkpoint} (already complete on disk) the one a resume starts from. */
  void pointLatestAt(Checkpoint checkpoint) {
    AtomicFiles.write(dir.resolve(LATEST), Json.pretty(checkpoint));
  }

  /** The checkpoint after {@code epoch} epochs, if it is still kept. */
  public Checkpoint at(int epoch) {
    int latest = latest().map(Checkpoint::epoch).orElse(-1);
    if (epoch > latest || !Files.isDirectory(dir.resolve(name(epoch)))) {
      throw new BadInputException(
          dir.getParent()
              + ": no checkpoint after epoch "
              + epoch
              + " (kept: epochs "
              + String.join(
                  ", ",
                  epochDirectories().stream()
                      .sorted()
                      .map(n -> String.valueOf(epochOf(n)))
                      .toList())
              + ")");
    }
    return new Checkpoint(epoch, name(epoch));
  }

  private static int epochOf(String name) {
    return Integer.parseInt(name.substring("epoch-".length()));
  }

  private static String name(int epoch) {
    return String.format("epoch-%04d", epoch);
  }

  private List<String> epochDirectories() {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("epoch-")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

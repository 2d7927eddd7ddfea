package dev.rda.training;

import dev.rda.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Variables that TensorFlow's saver wrote under a prefix ({@code PREFIX.index} and {@code
 * PREFIX.data-NNNNN-of-NNNNN}), as a checkpoint or a SavedModel holds them: restoring them, and
 * naming the damaged file when that fails.
 *
 * <p>TensorFlow's errors rarely name the file: a truncated data file restores with "Read less bytes
 * than requested", a changed byte with a checksum error. So the file is named here from the error's
 * kind: the index when TensorFlow names it or the index is not a table, otherwise the data file.
 */
public final class VariableFiles {
  private VariableFiles() {}

  /**
   * Runs {@code restorer} on {@code prefix}; a TensorFlow error becomes one line naming the file.
   */
  public static void restore(String prefix, Consumer<String> restorer) {
    try {
      restorer.accept(prefix);
    } catch (RuntimeException e) {
      if (!fromTensorFlow(e)) {
        throw e;
      }
      throw damaged(Path.of(prefix), e);
    }
  }

  /**
   * Whether {@code e} is one of TensorFlow's errors (some of which are IllegalArgumentExceptions).
   */
  public static boolean fromTensorFlow(RuntimeException e) {
    return e.getClass().getName().startsWith("org.tensorflow.exceptions.");
  }

  /** The error that says which of the files under {@code prefix} is damaged and how. */
  public static BadInputException damaged(Path prefix, RuntimeException e) {
    String reason = firstLine(e.getMessage());
    Path index = prefix.resolveSibling(prefix.getFileName() + ".index");
    List<Path> data = dataFiles(prefix);
    if (!Files.exists(index)) {
      return new BadInputException(index, "missing");
    }
    if (reason.contains(".index") || reason.contains("sstable") || reason.contains("table file")) {
      return new BadInputException(index, "damaged (" + reason + ")");
    }
    if (data.isEmpty()) {
      return new BadInputException(prefix + ".data-00000-of-00001: missing");
    }
    Path file = data.get(0);
    for (Path d : data) {
      if (reason.contains(d.getFileName().toString())) {
        file = d;
      }
    }
    if (reason.contains("Read less bytes")) {
      return new BadInputException(file, "truncated (shorter than its index says)");
    }
    return new BadInputException(file, "damaged (" + reason + ")");
  }

  private static List<Path> dataFiles(Path prefix) {
    Path dir = prefix.toAbsolutePath().getParent();
    String start = prefix.getFileName() + ".data-";
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith(start)).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static String firstLine(String message) {
    return message == null ? "unreadable" : message.lines().findFirst().orElse(message).strip();
  }
}

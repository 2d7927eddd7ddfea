package dev.rda.cli;

import dev.rda.data.DataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes an output file whole or not at all: to a temporary file beside it, then a rename. */
final class OutputFiles {
  private OutputFiles() {}

  static void write(Path file, byte[] content) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
      Path tmp =
          dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
      try {
        Files.write(tmp, content);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new DataException(file, "cannot write: " + e.getMessage());
    }
  }
}

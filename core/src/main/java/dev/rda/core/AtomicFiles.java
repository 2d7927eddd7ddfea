package dev.rda.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Files written whole or not at all, so a crash never leaves half a file behind. */
public final class AtomicFiles {
  private AtomicFiles() {}

  public static void write(Path file, String text) {
    write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code file} whole or not at all: to a temporary file beside it (named per process and
   * thread, so two writers never share one), then a rename over the old file.
   */
  public static void write(Path file, byte[] content) {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp =
        dir.resolve(
            "."
                + file.getFileName()
                + "."
                + ProcessHandle.current().pid()
                + "-"
                + Thread.currentThread().getId()
                + ".tmp");
    try {
      Files.createDirectories(dir);
      try {
        Files.write(tmp, content);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, about(file, tmp, e));
    }
  }

  /**
   * {@code e} as it concerns {@code file}: an error about the temporary file beside it is reported
   * as one about {@code file}, the same kind; one about a folder on the way stays as it is.
   */
  static IOException about(Path file, Path tmp, IOException e) {
    if (!(e instanceof java.nio.file.FileSystemException f)
        || f.getFile() == null
        || !Path.of(f.getFile()).equals(tmp)) {
      return e;
    }
    String name = file.toString();
    if (e instanceof java.nio.file.AccessDeniedException) {
      return new java.nio.file.AccessDeniedException(name);
    } else if (e instanceof java.nio.file.NoSuchFileException) {
      return new java.nio.file.NoSuchFileException(name);
    }
    return new java.nio.file.FileSystemException(name, null, f.getReason());
  }
}

package dev.rda.cli;

import dev.rda.data.DataException;
import dev.rda.training.RunDirectory;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Writes an output file whole or not at all: to a temporary file beside it, then a rename. */
final class OutputFiles {
  private OutputFiles() {}

  static void write(Path file, byte[] content) {
    try {
      RunDirectory.writeAtomically(file, content);
    } catch (UncheckedIOException e) {
      java.nio.file.FileSystemException f = Rda.fileProblem(e);
      throw f != null ? new DataException(Rda.describe(f)) : e;
    }
  }
}

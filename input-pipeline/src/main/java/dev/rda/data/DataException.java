package dev.rda.data;

import java.nio.file.Path;

/** Bad input data: the message names the file and what is wrong with it, in one line. */
public final class DataException extends RuntimeException {
  public DataException(Path file, String problem) {
    super(file + ": " + problem);
  }

  public DataException(String message) {
    super(message);
  }
}

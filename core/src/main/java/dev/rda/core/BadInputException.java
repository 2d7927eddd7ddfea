package dev.rda.core;

import java.nio.file.Path;

/**
 * Something the user gave that cannot be used: a config value, a flag, a file. Its message is one
 * line naming the field, value or file and what is wrong; the CLI prints it and exits with code 2.
 */
public final class BadInputException extends RuntimeException {
  public BadInputException(String message) {
    super(message);
  }

  /** A config field's value: "config field 'FIELD': VALUE PROBLEM". */
  public BadInputException(String field, Object value, String problem) {
    super("config field '" + field + "': " + value + " " + problem);
  }

  /** A file's content: "FILE: PROBLEM". */
  public BadInputException(Path file, String problem) {
    super(file + ": " + problem);
  }
}

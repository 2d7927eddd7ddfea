package dev.rda.cli;

import dev.rda.training.ConfigException;

/** Checks of command-line values: a bad one ends the command with one line and exit code 2. */
final class Flags {
  private Flags() {}

  static void require(boolean ok, String option, Object value, String problem) {
    if (!ok) {
      throw new ConfigException(option + " " + value + ": " + problem);
    }
  }
}

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

  /** {@code n} positive sizes written like 32x32x3. */
  static int[] dimensions(String option, String value, int n) {
    String[] parts = value.split("x", -1);
    require(parts.length == n, option, value, "needs " + n + " sizes like 32x32x3");
    int[] dims = new int[n];
    for (int i = 0; i < n; i++) {
      try {
        dims[i] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException e) {
        dims[i] = -1;
      }
      require(dims[i] >= 1, option, value, "needs positive whole sizes like 32x32x3");
    }
    return dims;
  }
}

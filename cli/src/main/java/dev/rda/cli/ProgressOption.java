package dev.rda.cli;

import picocli.CommandLine.Option;

/** {@code --progress / --no-progress}, for the commands that show progress bars (a mixin). */
final class ProgressOption {
  @Option(
      names = "--progress",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Show a progress bar on an interactive terminal (default: ${DEFAULT-VALUE}).")
  boolean wanted;

  /** Whether to draw bars: asked for, and standard output is a terminal. */
  boolean shown() {
    return wanted && System.console() != null;
  }
}

package dev.rda.cli;

import picocli.CommandLine.Option;

/** {@code --threads}, as every command that runs TensorFlow takes it (a picocli mixin). */
final class ThreadsOption {
  @Option(
      names = "--threads",
      converter = Flags.Count.class,
      paramLabel = "N",
      defaultValue = "0",
      description = {
        "TensorFlow threads: 0 = all cores (default); 1 means 2, the fewest TensorFlow 2.18",
        "runs without crashing (use it for several trainings side by side)."
      })
  int count;
}

package dev.rda.cli;

import picocli.CommandLine.Command;

/** {@code rda bench}: throughput figures, printed, never asserted. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure throughput (images/s) and print it; compare with ../shared/peers.",
    subcommands = {
      BenchEpochCommand.class,
      BenchPipelineCommand.class,
      BenchTrainStepCommand.class,
      BenchDetectStepCommand.class
    })
final class BenchCommand {}

package dev.rda.cli;

import picocli.CommandLine.Command;

/** {@code rda sweep}: families of runs that differ in one setting, trained and compared. */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = "Run a family of trainings that differ in one setting, and compare them.",
    subcommands = {SweepRemovalCommand.class})
final class SweepCommand {}

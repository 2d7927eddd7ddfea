package dev.rda.cli;

import picocli.CommandLine.Command;

/** {@code rda analyze}: the paper's analyses of finished (or running) runs. */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    description =
        "The paper's analyses of runs: the loss gap (Table 2), feature spectra (Figure 3),"
            + " curves (Figure 1).",
    subcommands = {AnalyzeGapCommand.class, AnalyzeSvdCommand.class, AnalyzeCurvesCommand.class})
final class AnalyzeCommand {}

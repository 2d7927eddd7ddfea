package dev.rda.cli;

import picocli.CommandLine.Command;

/** {@code rda detect}: Faster R-CNN on PascalVOC, fine-tuned from an exported backbone. */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description =
        "Object detection: Faster R-CNN on PascalVOC over a backbone written by rda export"
            + " (the paper's Table 6).",
    subcommands = {
      DetectTrainCommand.class,
      DetectEvaluateCommand.class,
      DetectPredictCommand.class,
      DetectMiniVocCommand.class,
      DetectClutterVocCommand.class
    })
final class DetectCommand {}

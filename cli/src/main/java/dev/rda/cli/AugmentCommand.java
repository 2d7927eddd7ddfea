package dev.rda.cli;

import picocli.CommandLine.Command;

/** {@code rda augment}: look at augmentations and run single operations. */
@Command(
    name = "augment",
    mixinStandardHelpOptions = true,
    description =
        "Look at augmentations (preview) or apply one AutoAugment operation to raw images (apply).",
    subcommands = {AugmentPreviewCommand.class, AugmentApplyCommand.class})
final class AugmentCommand {}

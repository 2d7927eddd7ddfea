package dev.rda.cli;

import picocli.CommandLine.Command;

/** {@code rda data}: what a dataset holds, and whether its image files decode. */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description = {
      "Inspect datasets, named as KIND or KIND:PATH (KIND alone: its usual place).",
      "Kinds: fmnist, cifar10, cifar100 (held in memory); tiny-imagenet, imagenet,"
          + " mini-imagenet, folder (image files, decoded as they stream)."
    },
    subcommands = {DataShowCommand.class, DataVerifyCommand.class})
final class DataCommand {}

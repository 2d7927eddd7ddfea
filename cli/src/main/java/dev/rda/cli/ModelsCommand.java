package dev.rda.cli;

import static dev.rda.cli.Flags.require;

import dev.rda.models.Models;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rda models}: every registered network with its size at its input. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = {
      "List the models a config can name, with trainable parameters and forward MFLOPs per image"
          + " (2 x the multiply-adds of convolutions and linear layers) at each model's default"
          + " input, width and classes, or at the --input / --classes given."
    })
final class ModelsCommand implements Callable<Integer> {

  @Option(
      names = "--input",
      paramLabel = "HxWxC",
      description = "Count at this input instead of each model's own (e.g. 64x64x3).")
  String input;

  @Option(
      names = "--classes",
      converter = Flags.Positive.class,
      paramLabel = "N",
      description = "Count with N classes.")
  Integer classes;

  @Override
  public Integer call() {
    int[] shape = input == null ? null : Flags.dimensions("--input", input, 3);
    require(classes == null || classes >= 2, "--classes", classes, "must be >= 2");
    System.out.printf(
        "%-22s %5s %-11s %7s %14s %12s  %s%n",
        "model", "width", "input", "classes", "parameters", "MFLOPs/img", "description");
    for (Models.Entry e : Models.entries()) {
      int h = shape == null ? e.defaultSize() : shape[0];
      int w = shape == null ? e.defaultSize() : shape[1];
      int c = shape == null ? e.defaultChannels() : shape[2];
      int k = classes == null ? e.defaultClasses() : classes;
      Models.Stats stats =
          Models.stats(e.name(), new Models.Spec(e.defaultWidth(), c, k, 0, 0f), h, w);
      System.out.printf(
          Locale.ROOT,
          "%-22s %5d %-11s %7d %,14d %,12.1f  %s%n",
          e.name(),
          e.defaultWidth(),
          h + "x" + w + "x" + c,
          k,
          stats.parameters(),
          stats.mflopsPerImage(),
          e.description());
      e.options()
          .forEach(
              (name, o) ->
                  System.out.printf(
                      Locale.ROOT,
                      "%-22s option model.options.%s (default %s, %s to %s): %s%n",
                      "",
                      name,
                      o.defaultValue(),
                      o.min(),
                      o.max(),
                      o.about()));
    }
    return 0;
  }
}

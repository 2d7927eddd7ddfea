package dev.rda.cli;

import dev.rda.savedmodels.ClassifierExport;
import dev.rda.training.RunDirectory;
import dev.rda.training.TrainingData;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rda export RUN --out DIR}. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write a run's network, from one of its checkpoints, as a TensorFlow SavedModel.",
      "Signature serving_default: images (uint8 [batch, H, W, C] at the run's input size) ->",
      "logits, probabilities; scaling, evaluation ops and normalisation are inside. Signature",
      "features: images -> the network's feature maps and penultimate features. BN in inference",
      "mode. The directory is written beside its place and renamed in, whole or not at all."
    })
final class ExportCommand implements Callable<Integer> {

  @Parameters(paramLabel = "RUN", description = "Run directory.")
  Path run;

  @Option(
      names = {"-o", "--out"},
      required = true,
      paramLabel = "DIR",
      description = "The SavedModel directory (replaced if it exists).")
  Path out;

  @Option(
      names = "--checkpoint",
      defaultValue = "last",
      paramLabel = "best|last|N",
      description =
          "Which weights: the last epoch's, the best test top-1's (always kept), or epoch N's if"
              + " still kept (the last two are). Default: ${DEFAULT-VALUE}.")
  String checkpoint;

  @Option(
      names = "--weights",
      defaultValue = "raw",
      paramLabel = "raw|ema",
      converter = WeightsConverter.class,
      description =
          "The trained weights, or their moving average (a run trained with an ema config)."
              + " Default: ${DEFAULT-VALUE}.")
  ClassifierExport.Weights weights;

  /** raw or ema, in lower case as the help shows them. */
  static final class WeightsConverter
      implements CommandLine.ITypeConverter<ClassifierExport.Weights> {
    @Override
    public ClassifierExport.Weights convert(String value) {
      return switch (value) {
        case "raw" -> ClassifierExport.Weights.RAW;
        case "ema" -> ClassifierExport.Weights.EMA;
        default ->
            throw new CommandLine.TypeConversionException("'" + value + "' is not raw or ema");
      };
    }
  }

  @Override
  public Integer call() {
    RunDirectory dir = RunDirectory.open(run);
    TrainingData data = Runs.data(dir);
    ClassifierExport.Info info =
        ClassifierExport.export(dir, checkpoint, weights, data.spec(), data.normalization(), out);
    System.out.printf(
        Locale.ROOT,
        "wrote %s: %s after epoch %d (%s weights), input %dx%dx%d uint8, %d classes (the run's test"
            + " top-1 then: %.2f%%)%n",
        out,
        info.model(),
        info.epoch(),
        info.weights(),
        info.height(),
        info.width(),
        info.channels(),
        info.classes(),
        info.testTop1());
    return 0;
  }
}

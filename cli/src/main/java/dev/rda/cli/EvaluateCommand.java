package dev.rda.cli;

import dev.rda.data.Datasets;
import dev.rda.data.ImageSet;
import dev.rda.savedmodels.ClassifierExport;
import dev.rda.savedmodels.SavedModelEvaluation;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rda evaluate --saved-model DIR}. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Test top-1 of an exported SavedModel through its serving signature alone, on the test",
      "split of the dataset it was trained on (or --dataset), next to the run's own figure.",
      "Reads the in-memory kinds (fmnist, cifar10, cifar100)."
    })
final class EvaluateCommand implements Callable<Integer> {

  @Option(
      names = "--saved-model",
      required = true,
      paramLabel = "DIR",
      description = "A directory written by rda export.")
  Path savedModel;

  @Option(
      names = "--dataset",
      paramLabel = "SPEC",
      description = "KIND or KIND:PATH (default: the run's dataset).")
  String dataset;

  @Option(
      names = "--batch-size",
      converter = Flags.Positive.class,
      paramLabel = "N",
      defaultValue = "500",
      description = "Images per call (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Override
  public Integer call() {
    Flags.require(batchSize >= 1, "--batch-size", batchSize, "must be >= 1");
    ClassifierExport.Info info = ClassifierExport.info(savedModel);
    Datasets.DataSpec spec =
        dataset != null
            ? Datasets.DataSpec.parse(dataset)
            : new Datasets.DataSpec(info.dataset(), Path.of(info.dataPath()));
    ImageSet test = Datasets.loadInMemory(spec.kind(), spec.dir()).test();
    SavedModelEvaluation.Accuracy a = SavedModelEvaluation.evaluate(savedModel, test, batchSize);
    System.out.printf(
        Locale.ROOT,
        "%s on %s test: top-1 %.2f%% (%,d of %,d); the run measured %.2f%% after epoch %d%n",
        savedModel,
        spec,
        a.top1(),
        a.correct(),
        a.images(),
        info.testTop1(),
        info.epoch());
    return 0;
  }
}

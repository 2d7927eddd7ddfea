package dev.rda.cli;

import dev.rda.training.RunDirectory;
import dev.rda.training.TrainingData;
import java.nio.file.Path;
import java.util.List;

/** Run directories named on the command line, and the data they trained on. */
final class Runs {
  private Runs() {}

  static List<RunDirectory> open(List<Path> roots) {
    return roots.stream().map(RunDirectory::open).toList();
  }

  /** The training data of {@code run}, loaded (Fashion-MNIST installed if needed) as it trained. */
  static TrainingData data(RunDirectory run) {
    var config = run.config().data();
    return TrainingData.load(config);
  }
}

package dev.rda.analysis;

import dev.rda.training.EpochMetrics;
import dev.rda.training.RunDirectory;
import dev.rda.training.TrainConfig;
import dev.rda.training.TrainingData;
import dev.rda.training.TrainingListener;
import java.nio.file.Path;
import java.util.List;

/**
 * A run's pictures, as the paper's Figure 1 draws them: {@code curves.png}, the losses per epoch
 * (on augmented training data, on clean training data, on test data) with the epoch where the
 * intensive augmentation stops marked, and {@code accuracy.png}, test and clean-training top-1. As
 * a listener it redraws both after every epoch, so they follow a run as it goes.
 */
public final class RunCurves implements TrainingListener {
  private final Path root;
  private TrainConfig config;

  public RunCurves(Path root) {
    this.root = root;
  }

  @Override
  public void onRunStart(TrainConfig config, TrainingData data, int startEpoch, long parameters) {
    this.config = config;
  }

  @Override
  public void onEpochEnd(EpochMetrics metrics, List<EpochMetrics> history) {
    draw(root, config, history);
  }

  /** Draws both pictures of the run in {@code dir} from its metrics. */
  public static void draw(RunDirectory dir) {
    draw(dir.root(), dir.config(), dir.metrics());
  }

  static void draw(Path root, TrainConfig config, List<EpochMetrics> history) {
    if (history.isEmpty()) {
      return;
    }
    double[] epoch = history.stream().mapToDouble(EpochMetrics::epoch).toArray();
    List<Double> marks = switchEpochs(config);
    String title = config.name() + ": ";
    Charts.write(
        root.resolve("curves.png"),
        new Charts.Frame(
            title + "loss per epoch",
            "epoch",
            "cross-entropy",
            false,
            marks,
            "intensive augmentation ends"),
        List.of(
            new Charts.Line(
                "train, augmented",
                epoch,
                history.stream().mapToDouble(EpochMetrics::trainLossAugmented).toArray()),
            new Charts.Line(
                "train, clean",
                epoch,
                history.stream().mapToDouble(EpochMetrics::trainLossClean).toArray()),
            new Charts.Line(
                "test", epoch, history.stream().mapToDouble(EpochMetrics::testLoss).toArray())),
        List.of());
    Charts.write(
        root.resolve("accuracy.png"),
        new Charts.Frame(
            title + "top-1 per epoch",
            "epoch",
            "top-1, %",
            false,
            marks,
            "intensive augmentation ends"),
        List.of(
            new Charts.Line(
                "test", epoch, history.stream().mapToDouble(EpochMetrics::testTop1).toArray()),
            new Charts.Line(
                "train, clean",
                epoch,
                history.stream().mapToDouble(EpochMetrics::trainTop1Clean).toArray())),
        List.of());
  }

  /** Where the intensive augmentation stops for good, as a dashed line between epochs. */
  static List<Double> switchEpochs(TrainConfig config) {
    int end = config.augmentedEpochs();
    return end < config.epochs() ? List.of(end + 0.5) : List.of();
  }
}

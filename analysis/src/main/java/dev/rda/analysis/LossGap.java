package dev.rda.analysis;

import dev.rda.core.BadInputException;
import dev.rda.core.SeedScheme;
import dev.rda.training.Checkpoints;
import dev.rda.training.EpochMetrics;
import dev.rda.training.Phase;
import dev.rda.training.RunDirectory;
import dev.rda.training.TrainConfig;
import dev.rda.training.TrainingData;
import dev.rda.training.TrainingGraph;
import dev.rda.training.VariableFiles;
import java.util.List;
import java.util.Locale;

/**
 * The paper's Table 2: cross-entropy on augmented training data (R_aug) and on clean training data
 * (R), where the intensive augmentation ends (refinement starts, or the schedule turns it off) and
 * where the run ends, from the run's metrics; and the trained model measured again on both, from
 * its last checkpoint.
 *
 * <p>From the metrics, R_aug is the mean training loss of that epoch (training mode, the model
 * moving) and R the clean-loss evaluation at the epoch's end (evaluation mode). Measured again, all
 * three use evaluation mode and the final weights: R_aug on the intensive pipeline at full
 * strength, R_aug on standard augmentation, and R on the clean sample.
 */
public final class LossGap {
  private LossGap() {}

  /** One run's row; losses are mean cross-entropy (nats per image). */
  public record Row(
      String run,
      int switchEpoch,
      double augAtSwitch,
      double cleanAtSwitch,
      int lastEpoch,
      double augAtEnd,
      double cleanAtEnd,
      Measured measured) {}

  /** The final model measured again, or null when not asked for. */
  public record Measured(double augIntensive, double augStandard, double clean) {}

  /** The row of the run in {@code dir}; {@code data} != null measures its last checkpoint again. */
  public static Row of(RunDirectory dir, TrainingData data, int threads) {
    TrainConfig config = dir.config();
    List<EpochMetrics> metrics = dir.metrics();
    if (metrics.isEmpty()) {
      throw new BadInputException(dir.root() + ": has no finished epoch yet");
    }
    int switchEpoch = Math.max(1, Math.min(dir.plan().augmentedEpochs(), metrics.size()));
    EpochMetrics atSwitch = metrics.get(switchEpoch - 1);
    EpochMetrics last = metrics.get(metrics.size() - 1);
    Measured measured = null;
    if (data != null) {
      measured = measure(dir, data, threads);
    }
    return new Row(
        config.name(),
        switchEpoch,
        atSwitch.trainLossAugmented(),
        atSwitch.trainLossClean(),
        last.epoch(),
        last.trainLossAugmented(),
        last.trainLossClean(),
        measured);
  }

  private static Measured measure(RunDirectory dir, TrainingData data, int threads) {
    TrainConfig config = dir.config();
    Checkpoints.Checkpoint checkpoint =
        dir.latestCheckpoint()
            .orElseThrow(() -> new BadInputException(dir.root() + ": has no checkpoint"));
    try (TrainingGraph graph = new TrainingGraph(config, data, threads)) {
      VariableFiles.restore(dir.prefix(checkpoint), graph::restore);
      long seed =
          SeedScheme.derive(config.seed(), 999_999L); // an epoch seed no training epoch uses
      AugmentedLoss augmented = new AugmentedLoss(graph);
      return new Measured(
          augmented.on(Phase.INTENSIVE, 1f, seed),
          augmented.on(TrainingGraph.STANDARD, 0f, seed),
          graph.evaluate("clean").loss());
    }
  }

  /** The rows in Table 2's layout, losses x 10^-3. */
  public static String table(List<Row> rows) {
    StringBuilder b = new StringBuilder();
    int w = Math.max(8, rows.stream().mapToInt(r -> r.run().length()).max().orElse(0));
    b.append(
        String.format(
            Locale.ROOT,
            "%-" + w + "s  %21s  %21s  %32s%n",
            "",
            "augmentation ends",
            "run end (refined)",
            "final model, measured again"));
    b.append(
        String.format(
            Locale.ROOT,
            "%-" + w + "s  %5s %7s %7s  %5s %7s %7s  %10s %10s %10s%n",
            "run (x 1e-3)",
            "epoch",
            "R_aug",
            "R",
            "epoch",
            "R_aug",
            "R",
            "R_aug int.",
            "R_aug std.",
            "R"));
    for (Row r : rows) {
      Measured m = r.measured();
      b.append(
          String.format(
              Locale.ROOT,
              "%-" + w + "s  %5d %7s %7s  %5s %7s %7s  %10s %10s %10s%n",
              r.run(),
              r.switchEpoch(),
              milli(r.augAtSwitch()),
              milli(r.cleanAtSwitch()),
              r.lastEpoch() == r.switchEpoch() ? "-" : Integer.toString(r.lastEpoch()),
              r.lastEpoch() == r.switchEpoch() ? "-" : milli(r.augAtEnd()),
              r.lastEpoch() == r.switchEpoch() ? "-" : milli(r.cleanAtEnd()),
              m == null ? "" : milli(m.augIntensive()),
              m == null ? "" : milli(m.augStandard()),
              m == null ? "" : milli(m.clean())));
    }
    return b.toString();
  }

  /** Per-epoch R_aug and R of a run, as CSV. */
  public static String perEpochCsv(List<EpochMetrics> metrics) {
    StringBuilder b = new StringBuilder("epoch,phase,strength,r_aug,r_clean\n");
    for (EpochMetrics m : metrics) {
      b.append(
          String.format(
              Locale.ROOT,
              "%d,%s,%.3f,%.6f,%.6f%n",
              m.epoch(),
              m.phase(),
              m.strength(),
              m.trainLossAugmented(),
              m.trainLossClean()));
    }
    return b.toString();
  }

  /** Losses x 1000 with three significant digits, as the paper prints them. */
  static String milli(double loss) {
    double v = loss * 1000;
    if (v >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (v >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}

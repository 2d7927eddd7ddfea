package dev.rda.analysis;

import dev.rda.training.EpochMetrics;
import dev.rda.training.LearningRate;
import dev.rda.training.RunDirectory;
import dev.rda.training.SwitchRule;
import dev.rda.training.TrainConfig;
import dev.rda.training.TrainingData;
import dev.rda.training.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's pictures, as the paper's Figure 1 draws them: {@code curves.png}, the losses per epoch
 * (on augmented training data, on clean training data, on test data) with the epoch where the
 * intensive augmentation stops marked, {@code accuracy.png}, test and clean-training top-1 (and the
 * weight average's test top-1 when the run keeps one), and {@code schedule.png}, the learning rate
 * at every step as the run feeds it (a warm-up or a cosine moves within an epoch). As a listener it
 * redraws them after every epoch, so they follow a run as it goes. A run with {@code refine: auto}
 * is marked where its rule switched (and its held-out loss drawn), once it has.
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
    drawSchedule(root, config); // the schedule is the config's: drawn once, and at a switch
  }

  @Override
  public void onSwitch(SwitchRule.Decision decision) {
    drawSchedule(root, config.switchedAfter(decision.epoch()));
  }

  @Override
  public void onEpochEnd(EpochMetrics metrics, List<EpochMetrics> history) {
    draw(root, config, history);
  }

  /** Draws the three pictures of the run in {@code dir} from its config and metrics. */
  public static void draw(RunDirectory dir) {
    drawSchedule(dir.root(), dir.plan());
    draw(dir.root(), dir.config(), dir.metrics());
  }

  /** The pictures that follow the metrics: losses and top-1. */
  static void draw(Path root, TrainConfig config, List<EpochMetrics> history) {
    if (history.isEmpty()) {
      return;
    }
    double[] epoch = history.stream().mapToDouble(EpochMetrics::epoch).toArray();
    List<Double> marks = switchEpochs(config, history);
    String title = config.name() + ": ";
    List<Charts.Line> losses = new ArrayList<>();
    losses.add(
        new Charts.Line(
            "train, augmented",
            epoch,
            history.stream().mapToDouble(EpochMetrics::trainLossAugmented).toArray()));
    losses.add(
        new Charts.Line(
            "train, clean",
            epoch,
            history.stream().mapToDouble(EpochMetrics::trainLossClean).toArray()));
    losses.add(
        new Charts.Line(
            "test", epoch, history.stream().mapToDouble(EpochMetrics::testLoss).toArray()));
    if (history.get(0).heldOutLoss() != null) {
      losses.add(
          new Charts.Line(
              "held out of training",
              epoch,
              history.stream().mapToDouble(EpochMetrics::heldOutLoss).toArray()));
    }
    String markLabel =
        config.autoRefine() == null
            ? "intensive augmentation ends"
            : "intensive augmentation ends (refine: auto)";
    Charts.write(
        root.resolve("curves.png"),
        new Charts.Frame(
            title + "loss per epoch", "epoch", "cross-entropy", false, marks, markLabel),
        losses,
        List.of());
    Charts.write(
        root.resolve("accuracy.png"),
        new Charts.Frame(title + "top-1 per epoch", "epoch", "top-1, %", false, marks, markLabel),
        accuracyLines(epoch, history),
        List.of());
  }

  private static List<Charts.Line> accuracyLines(double[] epoch, List<EpochMetrics> history) {
    List<Charts.Line> lines = new ArrayList<>();
    lines.add(
        new Charts.Line(
            "test", epoch, history.stream().mapToDouble(EpochMetrics::testTop1).toArray()));
    lines.add(
        new Charts.Line(
            "train, clean",
            epoch,
            history.stream().mapToDouble(EpochMetrics::trainTop1Clean).toArray()));
    List<EpochMetrics> averaged = history.stream().filter(m -> m.emaTestTop1() != null).toList();
    if (!averaged.isEmpty()) {
      lines.add(
          new Charts.Line(
              "test, weight average (ema)",
              averaged.stream().mapToDouble(EpochMetrics::epoch).toArray(),
              averaged.stream().mapToDouble(EpochMetrics::emaTestTop1).toArray()));
    }
    return lines;
  }

  /**
   * The LR the run feeds at each step, drawn at {@value #STEPS_DRAWN} points an epoch (x in epochs:
   * step k of epoch e at e + k / steps), from the config's schedule as the trainer reads it.
   */
  private static void drawSchedule(Path root, TrainConfig config) {
    LearningRate schedule = LearningRate.of(config);
    int epochs = config.epochs();
    double[] x = new double[epochs * STEPS_DRAWN];
    double[] lr = new double[x.length];
    for (int e = 0; e < epochs; e++) {
      for (int k = 0; k < STEPS_DRAWN; k++) {
        x[e * STEPS_DRAWN + k] = e + (double) k / STEPS_DRAWN;
        lr[e * STEPS_DRAWN + k] = schedule.at(e, k, STEPS_DRAWN);
      }
    }
    Charts.write(
        root.resolve("schedule.png"),
        new Charts.Frame(
            config.name() + ": learning rate per step",
            "epoch (0-based, fractional: steps within it)",
            "learning rate",
            true,
            switchEpochs(config).stream().map(m -> m - 0.5).toList(),
            "refinement starts"),
        List.of(new Charts.Line("learning rate (fed per step)", x, lr)),
        List.of());
  }

  private static final int STEPS_DRAWN = 16;

  /** Where the intensive augmentation stops for good, as a dashed line between epochs. */
  static List<Double> switchEpochs(TrainConfig config) {
    int end = config.augmentedEpochs();
    return end < config.epochs() ? List.of(end + 0.5) : List.of();
  }

  /**
   * As above after {@code history}: a run with refine: auto is marked where its rule switched, and
   * not before it has (or, without a switch, the intensive phase has ended).
   */
  static List<Double> switchEpochs(TrainConfig config, List<EpochMetrics> history) {
    boolean undecided =
        config.autoRefine() != null
            && config.switchDecision(history).isEmpty()
            && history.size() < config.intensiveEpochs();
    return undecided ? List.of() : switchEpochs(config.planAfter(history));
  }
}

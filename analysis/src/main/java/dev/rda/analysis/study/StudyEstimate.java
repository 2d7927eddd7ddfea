package dev.rda.analysis.study;

import dev.rda.core.Precision;
import dev.rda.data.ImageSet;
import dev.rda.training.Evaluator;
import dev.rda.training.TrainConfig;
import dev.rda.training.TrainingData;
import dev.rda.training.TrainingGraph;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.types.TFloat32;

/**
 * How long a study's epochs take on this machine, from a few training steps and one evaluation
 * measured on random images of the dataset's shape (the data need not be here: a user plans a
 * CIFAR-100 study before downloading it). Epoch sizes are the datasets' standard split sizes, or
 * the config's training subset.
 */
public final class StudyEstimate {
  /** A standard dataset's split sizes and image shape. */
  record Nominal(int train, int test, int side, int channels, int classes) {}

  private static final Map<String, Nominal> NOMINAL =
      Map.of(
          "fmnist", new Nominal(60_000, 10_000, 28, 1, 10),
          "cifar10", new Nominal(50_000, 10_000, 32, 3, 10),
          "cifar100", new Nominal(50_000, 10_000, 32, 3, 100),
          "tiny-imagenet", new Nominal(100_000, 10_000, 64, 3, 200),
          "imagenet", new Nominal(1_281_167, 50_000, 224, 3, 1000));

  private static final int WARMUP_STEPS = 2;
  private static final int TIMED_STEPS = 3;

  /** Seconds per training image and per evaluated image, measured for one kind of run. */
  public record Rate(double trainSeconds, double evalSeconds) {}

  private final int threads;
  private final Map<String, Rate> measured = new LinkedHashMap<>();

  public StudyEstimate(int threads) {
    this.threads = threads;
  }

  /**
   * Estimated seconds for {@code epochs} epochs of {@code config}, or empty when its dataset has no
   * standard size; runs of one model, image shape, batch and precision share one measurement.
   */
  public Optional<Double> seconds(TrainConfig config, int epochs) {
    Nominal n = NOMINAL.get(config.data().dataset());
    if (n == null) {
      return Optional.empty();
    }
    int side = config.data().imageSize() != null ? config.data().imageSize() : n.side();
    String label =
        config.model().name()
            + " width "
            + config.model().width()
            + ", "
            + side
            + "x"
            + side
            + ", batch "
            + config.batchSize()
            + (config.model().computePrecision().supportedHere() == Precision.BFLOAT16
                ? ", bfloat16"
                : "");
    Rate rate = measured.computeIfAbsent(label, k -> measure(config, n, side));
    int train = config.data().trainSubset() > 0 ? config.data().trainSubset() : n.train();
    // A run with a weight average evaluates the test set twice (raw weights, then the average).
    int tests = config.ema() == null ? 1 : 2;
    int evaluated = tests * n.test() + Math.min(config.data().cleanEvalImages(), train);
    return Optional.of(epochs * (train * rate.trainSeconds() + evaluated * rate.evalSeconds()));
  }

  /** What was measured, e.g. "preact-resnet18 width 64, 32x32, batch 128: 29 training images/s". */
  public String describe() {
    return String.join(
        "; ",
        measured.entrySet().stream()
            .map(
                e ->
                    String.format(
                        java.util.Locale.ROOT,
                        "%s: %.1f training, %.0f evaluated images/s",
                        e.getKey(),
                        1 / e.getValue().trainSeconds(),
                        1 / e.getValue().evalSeconds()))
            .toList());
  }

  private Rate measure(TrainConfig config, Nominal n, int side) {
    int batch = config.batchSize();
    int steps = WARMUP_STEPS + TIMED_STEPS;
    ImageSet train = ImageSet.random(batch * steps, side, side, n.channels(), n.classes(), 1);
    // Evaluation runs in batches of 500: two of them on small images (one, of 256 images, took
    // twice as long per image here as the 12,000 images of a real epoch).
    ImageSet test =
        ImageSet.random(side <= 64 ? 1000 : 100, side, side, n.channels(), n.classes(), 2);
    TrainConfig.DataConfig d = config.data();
    TrainingData data =
        TrainingData.of(
            train,
            test,
            new TrainConfig.DataConfig(d.dataset(), d.path(), 0, 0, batch, null, null));
    try (TrainingGraph graph = new TrainingGraph(config, data, threads);
        TFloat32 lr = TFloat32.scalarOf(0.01f)) {
      graph.initialize();
      graph.startEpoch(graph.phases().get(0), 0, 1);
      for (int i = 0; i < WARMUP_STEPS; i++) {
        graph.step(lr);
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < TIMED_STEPS; i++) {
        graph.step(lr);
      }
      double trainSeconds = (System.nanoTime() - t0) / 1e9 / (TIMED_STEPS * batch);
      graph.evaluate("test"); // warm-up
      long t1 = System.nanoTime();
      Evaluator.Evaluation e = graph.evaluate("test");
      double evalSeconds = (System.nanoTime() - t1) / 1e9 / e.images();
      return new Rate(trainSeconds, evalSeconds);
    }
  }
}

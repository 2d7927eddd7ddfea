package dev.rda.training;

import dev.rda.data.ImageSet;
import java.util.List;
import java.util.Random;

/** Small generated data and configs for training tests. */
public final class Fixtures {
  private Fixtures() {}

  public static final int SIDE = 8;
  public static final int CLASSES = 4;

  /** Class k has a bright band on rows 2k and 2k + 1 (unchanged by flips, kept by 1-px crops). */
  public static ImageSet bands(int n, long seed) {
    Random random = new Random(seed);
    byte[] px = new byte[n * SIDE * SIDE];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % CLASSES;
      for (int y = 0; y < SIDE; y++) {
        for (int x = 0; x < SIDE; x++) {
          int base = (y / 2 == labels[i]) ? 170 : 40;
          px[i * SIDE * SIDE + y * SIDE + x] = (byte) (base + random.nextInt(60));
        }
      }
    }
    return new ImageSet(px, labels, SIDE, SIDE, 1, CLASSES);
  }

  public static TrainConfig config(int epochs, int refineEpochs, String batch) {
    return new TrainConfig(
        "tiny",
        new TrainConfig.ModelConfig("preact-resnet18", 4),
        new TrainConfig.DataConfig("fmnist", "unused", 0, 0, 10_000),
        epochs,
        refineEpochs,
        32,
        new TrainConfig.AugmentConfig(List.of("pad-crop(pad=1)", "hflip"), batch),
        new TrainConfig.OptimizerConfig(0.05, 0.9, 5e-4, List.of(), 0.1, null),
        7);
  }

  /** {@code config} with other augmentation. */
  public static TrainConfig withAugment(TrainConfig config, TrainConfig.AugmentConfig augment) {
    return new TrainConfig(
        config.name(),
        config.model(),
        config.data(),
        config.epochs(),
        config.refineEpochs(),
        config.batchSize(),
        augment,
        config.optimizer(),
        config.seed());
  }

  /**
   * Stands in for a kill at the end of epoch {@code epoch} (1-based), before that epoch is recorded
   * (a run's own listeners hear of an epoch before its recorder does).
   */
  public static TrainingListener crashAfter(int epoch) {
    return new TrainingListener() {
      @Override
      public void onEpochEnd(EpochMetrics metrics, List<EpochMetrics> history) {
        if (metrics.epoch() == epoch) {
          throw new IllegalStateException("simulated crash");
        }
      }
    };
  }

  public static TrainingData data(TrainConfig config) {
    return TrainingData.of(bands(256, 1), bands(128, 2), config.data());
  }
}

package dev.rda.training;

import dev.rda.core.BadInputException;
import dev.rda.data.Dataset;
import dev.rda.data.Datasets;
import dev.rda.data.ImageSet;
import dev.rda.data.ImageSpec;
import dev.rda.data.Images;
import dev.rda.data.Normalization;
import dev.rda.data.Source;
import java.nio.file.Path;
import java.util.stream.IntStream;

/**
 * The images one run uses: the (possibly subset) training images, the test images, the fixed
 * clean-evaluation sample of the training images, the input shape, how image files reach it, and
 * the normalisation (computed on the full training split, or the kind's fixed one).
 */
public record TrainingData(
    Images train,
    Images test,
    Images clean,
    ImageSpec spec,
    Source.Fit fit,
    Normalization normalization,
    String description) {

  public static TrainingData load(TrainConfig.DataConfig config) {
    Dataset d =
        Datasets.load(
            config.dataset(),
            Path.of(config.path()),
            config.imageSize(),
            config.exclude() == null ? null : Path.of(config.exclude()));
    return of(d, config);
  }

  /** In-memory splits (tests): normalised with the full training split's statistics. */
  public static TrainingData of(ImageSet fullTrain, ImageSet test, TrainConfig.DataConfig config) {
    return of(Dataset.inMemory(config.dataset(), Path.of(config.path()), fullTrain, test), config);
  }

  private static TrainingData of(Dataset d, TrainConfig.DataConfig config) {
    if (config.trainSubset() > d.train().size()) {
      throw new BadInputException(
          "data.trainSubset",
          config.trainSubset(),
          String.format(
              "is more than the %,d training images of %s (0 = all of them)",
              d.train().size(), config.path()));
    }
    Images train =
        config.trainSubset() > 0
            ? d.train().randomSubset(config.trainSubset(), config.subsetSeed())
            : d.train();
    // The subset is already in random order: its first images are a fixed random sample.
    int n = Math.min(config.cleanEvalImages(), train.size());
    Images clean = train.select(IntStream.range(0, n).toArray());
    String line =
        String.format(
            "%s; training on %,d, clean-loss sample %,d", d.describe(), train.size(), clean.size());
    return new TrainingData(train, d.test(), clean, d.spec(), d.fit(), d.normalization(), line);
  }

  public String describe() {
    return description;
  }
}

package dev.rda.training;

import dev.rda.core.BadInputException;
import dev.rda.core.SeedScheme;
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
 * clean-evaluation sample of the training images, the held-out images (kept out of training; null
 * without {@code data.heldOut}), the input shape, how image files reach it, and the normalisation
 * (computed on the full training split, or the kind's fixed one).
 */
public record TrainingData(
    Images train,
    Images test,
    Images clean,
    Images heldOut,
    ImageSpec spec,
    Source.Fit fit,
    Normalization normalization,
    String description) {

  /** The stream of {@link SeedScheme} the held-out split's choice is drawn from. */
  private static final long HELD_OUT = 0x4E1D0;

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
    Images heldOut = null;
    int held = config.heldOutImages(train.size());
    if (held > 0) {
      // Its own seed: the held-out images do not follow the subset's order.
      Images.Split split = train.holdOut(held, SeedScheme.derive(config.subsetSeed(), HELD_OUT));
      train = split.kept();
      heldOut = split.heldOut();
    }
    // The subset is already in random order: its first images are a fixed random sample.
    int n = Math.min(config.cleanEvalImages(), train.size());
    Images clean = train.select(IntStream.range(0, n).toArray());
    String line =
        String.format(
            "%s; training on %,d, clean-loss sample %,d%s",
            d.describe(),
            train.size(),
            clean.size(),
            heldOut == null ? "" : String.format(", held out %,d", heldOut.size()));
    return new TrainingData(
        train, d.test(), clean, heldOut, d.spec(), d.fit(), d.normalization(), line);
  }

  public String describe() {
    return description;
  }
}

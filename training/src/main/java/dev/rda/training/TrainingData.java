package dev.rda.training;

import dev.rda.data.Datasets;
import dev.rda.data.ImageSet;
import dev.rda.data.Normalization;
import dev.rda.data.Splits;
import java.nio.file.Path;

/**
 * The image sets one run uses: the (possibly subset) training images, the test images, the fixed
 * clean-evaluation sample of the training images, and the normalisation computed on the full
 * training split.
 */
public record TrainingData(
    ImageSet train, ImageSet test, ImageSet clean, Normalization normalization) {

  public static TrainingData load(TrainConfig.DataConfig config) {
    Splits splits = Datasets.load(config.dataset(), Path.of(config.path()));
    return of(splits.train(), splits.test(), config);
  }

  public static TrainingData of(ImageSet fullTrain, ImageSet test, TrainConfig.DataConfig config) {
    ImageSet train =
        config.trainSubset() > 0
            ? fullTrain.randomSubset(config.trainSubset(), config.subsetSeed())
            : fullTrain;
    // The subset is already in random order: its first images are a fixed random sample.
    int n = Math.min(config.cleanEvalImages(), train.size());
    int[] first = new int[n];
    for (int i = 0; i < n; i++) {
      first[i] = i;
    }
    return new TrainingData(train, test, train.select(first), fullTrain.statistics());
  }

  public String describe() {
    return String.format(
        "%d training images (%dx%dx%d, %d classes), %d test images, clean-loss sample %d",
        train.size(),
        train.height(),
        train.width(),
        train.channels(),
        train.classes(),
        test.size(),
        clean.size());
  }
}

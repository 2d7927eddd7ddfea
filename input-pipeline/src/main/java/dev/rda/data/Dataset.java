package dev.rda.data;

import java.nio.file.Path;
import java.util.Locale;

/**
 * A dataset as training sees it: its splits, the input shape and class count the network gets, how
 * image files reach that shape, and the per-channel normalisation.
 */
public record Dataset(
    String kind,
    Path dir,
    Images train,
    Images test,
    ImageSpec spec,
    Source.Fit fit,
    Normalization normalization,
    String notes) {

  /** An in-memory dataset: its images at their stored size, normalised by the training split. */
  public static Dataset inMemory(String kind, Path dir, ImageSet train, ImageSet test) {
    return new Dataset(
        kind, dir, train, test, ImageSpec.of(train), Source.Fit.STORED, train.statistics(), "");
  }

  /** One line: what was found, as {@code rda data show} and training print it. */
  public String describe() {
    String storage =
        switch (fit) {
          case STORED -> "in memory";
          case EXACT -> "image files, streamed";
          case RESIZE -> "image files, streamed, resized to the input size";
        };
    return String.format(
        Locale.ROOT,
        "%s %s: train %,d, test %,d images, %d classes, input %dx%dx%d (%s)%s",
        kind,
        dir,
        train.size(),
        test.size(),
        spec.classes(),
        spec.height(),
        spec.width(),
        spec.channels(),
        storage,
        notes.isEmpty() ? "" : "; " + notes);
  }
}

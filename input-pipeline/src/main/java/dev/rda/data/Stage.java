package dev.rda.data;

import dev.rda.augment.BatchAugmentation;
import dev.rda.augment.SampleAugmentation;
import java.util.List;

/**
 * What one dataset of the pipeline does between source and iterator: per-sample augmentations (in
 * order), an optional batch augmentation, the batch size, and whether it shuffles and drops the
 * last partial batch (training) or keeps every image in order (evaluation).
 */
public record Stage(
    List<SampleAugmentation> sample,
    BatchAugmentation batch,
    int batchSize,
    boolean shuffle,
    boolean dropRemainder) {

  public Stage {
    sample = List.copyOf(sample);
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
  }

  /** Every image once, in order, unaugmented. */
  public static Stage evaluation(int batchSize) {
    return evaluation(List.of(), batchSize);
  }

  /** Every image once, in order, through deterministic evaluation ops (e.g. a centre crop). */
  public static Stage evaluation(List<SampleAugmentation> ops, int batchSize) {
    return new Stage(ops, null, batchSize, false, false);
  }
}

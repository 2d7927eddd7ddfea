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
    boolean dropRemainder,
    int shard,
    int shards) {

  public Stage {
    sample = List.copyOf(sample);
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    if (shards < 1 || shard < 0 || shard >= shards) {
      throw new IllegalArgumentException("shard " + shard + " of " + shards);
    }
  }

  public Stage(
      List<SampleAugmentation> sample,
      BatchAugmentation batch,
      int batchSize,
      boolean shuffle,
      boolean dropRemainder) {
    this(sample, batch, batchSize, shuffle, dropRemainder, 0, 1);
  }

  /**
   * This stage for one of {@code shards} readers of the same data (e.g. the tasks of a cluster):
   * after the epoch's shuffle, reader {@code shard} takes every {@code shards}-th image from its
   * position, in batches of {@code batchSize / shards}; together the readers' batches hold the
   * images of the unsharded stage's batches. Batch augmentations mix within each reader's batch.
   */
  public Stage shard(int index, int count) {
    if (batchSize % count != 0) {
      throw new IllegalArgumentException("batch " + batchSize + " does not split in " + count);
    }
    return new Stage(sample, batch, batchSize / count, shuffle, dropRemainder, index, count);
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

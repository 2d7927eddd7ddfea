package dev.rda.training;

/**
 * One line of {@code metrics.jsonl}: what an epoch did. Epochs are counted from 1 here, as people
 * read them. Losses are mean softmax cross-entropy; top-1 is in percent.
 */
public record EpochMetrics(
    int epoch,
    String phase,
    double lr,
    double strength,
    double trainLossAugmented,
    double trainLossClean,
    double trainTop1Clean,
    double testLoss,
    double testTop1,
    double imagesPerSecond,
    double epochSeconds,
    double wallSeconds) {}

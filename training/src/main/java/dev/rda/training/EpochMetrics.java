package dev.rda.training;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of {@code metrics.jsonl}: what an epoch did. Epochs are counted from 1 here, as people
 * read them. Losses are mean softmax cross-entropy; top-1 is in percent. {@code emaTestLoss} and
 * {@code emaTestTop1} are the weight average's on the test set, null for a run without one; {@code
 * heldOutLoss} and {@code heldOutTop1} are on the held-out training images ({@code data.heldOut}),
 * null for a run that holds none out.
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
    double wallSeconds,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double emaTestLoss,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double emaTestTop1,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double heldOutLoss,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double heldOutTop1) {}

package dev.rda.training;

import java.util.Arrays;
import java.util.List;

/**
 * {@code summary.json}: test top-1 as the paper reports it (best, last, median of the last 10
 * epochs) and the final losses.
 */
public record Summary(
    String name,
    int epochs,
    double bestTop1,
    int bestEpoch,
    double lastTop1,
    double medianLast10Top1,
    double finalTrainLossClean,
    double finalTrainLossAugmented,
    double finalTestLoss,
    double medianImagesPerSecond,
    double wallSeconds) {

  public static Summary of(String name, List<EpochMetrics> epochs) {
    if (epochs.isEmpty()) {
      throw new IllegalArgumentException("no epochs to summarise");
    }
    EpochMetrics best = epochs.get(0);
    for (EpochMetrics m : epochs) {
      if (m.testTop1() > best.testTop1()) {
        best = m;
      }
    }
    EpochMetrics last = epochs.get(epochs.size() - 1);
    List<EpochMetrics> tail = epochs.subList(Math.max(0, epochs.size() - 10), epochs.size());
    return new Summary(
        name,
        epochs.size(),
        best.testTop1(),
        best.epoch(),
        last.testTop1(),
        median(tail.stream().mapToDouble(EpochMetrics::testTop1).toArray()),
        last.trainLossClean(),
        last.trainLossAugmented(),
        last.testLoss(),
        median(epochs.stream().mapToDouble(EpochMetrics::imagesPerSecond).toArray()),
        last.wallSeconds());
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}

package dev.rda.training;

import java.util.List;

/**
 * The paper's learning rate: {@code base}, multiplied by {@code decay} at each milestone epoch of
 * the first phase; during refinement fixed at {@code refineLr}, or at the last LR of the first
 * phase when that is not given. Epochs are 0-based.
 */
public record StepSchedule(
    double base, List<Integer> milestones, double decay, int refineStart, Double refineLr) {

  public static StepSchedule of(TrainConfig config) {
    TrainConfig.OptimizerConfig o = config.optimizer();
    return new StepSchedule(
        o.lr(), List.copyOf(o.milestones()), o.decay(), config.intensiveEpochs(), o.refineLr());
  }

  public double lr(int epoch) {
    if (epoch >= refineStart) {
      return refineLr != null ? refineLr : lr(refineStart - 1);
    }
    long passed = milestones.stream().filter(m -> m <= epoch).count();
    return base * Math.pow(decay, passed);
  }
}

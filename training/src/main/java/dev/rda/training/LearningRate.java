package dev.rda.training;

import dev.rda.core.Schedule;

/**
 * A run's learning rate at every step: {@code base} times the schedule over the intensive phase
 * (the first {@code refineStart} epochs); in refinement held at {@code refineLr}, or when that is
 * not given at the schedule's last value, the LR of the intensive phase's last step (after a step
 * schedule its last LR, after a cosine its floor or near it).
 */
public record LearningRate(double base, Schedule schedule, int refineStart, Double refineLr) {

  public static LearningRate of(TrainConfig config) {
    TrainConfig.OptimizerConfig o = config.optimizer();
    return new LearningRate(o.lr(), o.learningRate(), config.intensiveEpochs(), o.refineLr());
  }

  /** The LR at step {@code step} of {@code stepsPerEpoch} in 0-based {@code epoch}. */
  public double at(int epoch, int step, int stepsPerEpoch) {
    if (epoch >= refineStart) {
      return refineLr != null ? refineLr : at(refineStart - 1, stepsPerEpoch - 1, stepsPerEpoch);
    }
    return base * schedule.at(epoch, step, stepsPerEpoch, refineStart);
  }

  /** The LR at the first step of {@code epoch}, as the epoch's metrics report it. */
  public double atEpochStart(int epoch, int stepsPerEpoch) {
    return at(epoch, 0, stepsPerEpoch);
  }
}

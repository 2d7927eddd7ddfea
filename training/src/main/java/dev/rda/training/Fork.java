package dev.rda.training;

import dev.rda.core.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A new run that starts from another run's latest checkpoint, for runs that share their first
 * epochs: a refined and an unrefined run, or a sweep over the removal epoch. Allowed only when the
 * two configs agree on everything that shaped those epochs (model, data, batch, seed, optimizer,
 * and per epoch the LR, the phase, its augmentations and their strength), so the fork holds exactly
 * what training the new config from scratch would have produced there, up to TensorFlow's
 * thread-order rounding.
 */
public final class Fork {
  private static final int LR_SAMPLES = 8;

  private Fork() {}

  /** Creates {@code root} for {@code config}, holding {@code source}'s checkpoint and metrics. */
  public static RunDirectory create(Path root, TrainConfig config, RunDirectory source) {
    Checkpoints.Checkpoint checkpoint =
        source
            .latestCheckpoint()
            .orElseThrow(
                () -> new BadInputException(source.root() + ": has no checkpoint to fork from"));
    int epochs = checkpoint.epoch();
    String difference = firstDifference(source.config(), config, epochs);
    if (difference != null) {
      throw new BadInputException(
          "cannot fork " + source.root() + " after epoch " + epochs + ": " + difference);
    }
    List<EpochMetrics> history =
        source.metrics().stream().filter(m -> m.epoch() <= epochs).toList();
    RunDirectory dir = RunDirectory.create(root, config);
    Path target = root.resolve("checkpoints").resolve(checkpoint.directory());
    Path tmp = root.resolve("checkpoints").resolve(".tmp-" + checkpoint.directory());
    copyTree(source.root().resolve("checkpoints").resolve(checkpoint.directory()), tmp);
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
    dir.writeMetrics(history);
    dir.checkpoints().pointLatestAt(checkpoint);
    return dir;
  }

  /**
   * How many first epochs the two configs train identically: a run of either can be forked from the
   * other's checkpoint after any epoch up to this (0: none, or they differ outside the epochs).
   */
  public static int sharedEpochs(TrainConfig a, TrainConfig b) {
    int limit = Math.min(a.epochs(), b.epochs());
    int shared = 0;
    while (shared < limit && firstDifference(a, b, shared + 1) == null) {
      shared++;
    }
    return shared;
  }

  /** Why epochs 1..{@code epochs} of the two configs could differ, or null if they cannot. */
  static String firstDifference(TrainConfig a, TrainConfig b, int epochs) {
    if (epochs > b.epochs()) {
      return "the new run has only " + b.epochs() + " epochs";
    }
    for (TrainConfig c : List.of(a, b)) {
      if (c.autoRefine() != null && epochs > c.surelyIntensiveEpochs()) {
        return "refine: auto may switch after epoch " + c.surelyIntensiveEpochs();
      }
    }
    if (!a.model().equals(b.model())) {
      return "model differs";
    }
    if (!a.data().equals(b.data())) {
      return "data differs";
    }
    if (!a.augment().evaluation().equals(b.augment().evaluation())) {
      return "evaluation augmentation differs";
    }
    if (a.batchSize() != b.batchSize() || a.seed() != b.seed()) {
      return "batch size or seed differs";
    }
    TrainConfig.OptimizerConfig x = a.optimizer();
    TrainConfig.OptimizerConfig y = b.optimizer();
    if (x.momentum() != y.momentum() || x.weightDecay() != y.weightDecay()) {
      return "momentum or weight decay differs";
    }
    if ((a.ema() == null) != (b.ema() == null)
        || (a.ema() != null && !a.ema().sameBeforeSwitch(b.ema()))) {
      return "weight average (ema) differs";
    }
    LearningRate lrA = LearningRate.of(a);
    LearningRate lrB = LearningRate.of(b);
    if (!Objects.equals(lrA.schedule().warmupSteps(), lrB.schedule().warmupSteps())) {
      return "learning-rate warm-up differs";
    }
    List<Phase> planA = Phase.plan(a);
    List<Phase> planB = Phase.plan(b);
    for (int e = 0; e < epochs; e++) {
      Phase p = Phase.at(planA, e);
      Phase q = Phase.at(planB, e);
      // The LR moves within an epoch under some schedules: compare it at eight points of each.
      for (int k = 0; k < LR_SAMPLES; k++) {
        if (lrA.at(e, k, LR_SAMPLES) != lrB.at(e, k, LR_SAMPLES)) {
          return "learning rate of epoch " + (e + 1) + " differs";
        }
      }
      if (!p.name().equals(q.name())
          || !p.sample().equals(q.sample())
          || !Objects.equals(p.batch(), q.batch())
          || p.strength(e) != q.strength(e)
          || p.labelSmoothing() != q.labelSmoothing()
          || p.restartsAverage() != q.restartsAverage()) {
        return "augmentation of epoch " + (e + 1) + " differs";
      }
    }
    return null;
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Files.copy(
            p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy checkpoint " + from, e);
    }
  }
}

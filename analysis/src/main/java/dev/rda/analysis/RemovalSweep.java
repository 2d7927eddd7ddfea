package dev.rda.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rda.core.AtomicFiles;
import dev.rda.core.BadInputException;
import dev.rda.core.Json;
import dev.rda.core.Schedule;
import dev.rda.training.Fork;
import dev.rda.training.RunDirectory;
import dev.rda.training.Summary;
import dev.rda.training.TrainConfig;
import dev.rda.training.Training;
import dev.rda.training.TrainingData;
import dev.rda.training.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The paper's Figure 4 ablation: the same run with its intensive augmentation removed at different
 * epochs (strength 0 from epoch E on, the LR schedule unchanged), over several seeds. Runs that
 * share their first E epochs share them on disk too: each seed trains one run without removal, and
 * every removal run is forked from it at its epoch E. The sweep directory holds the plan, one run
 * directory per (E, seed), and the aggregate table and plot; running the command again resumes
 * whatever is unfinished.
 */
public final class RemovalSweep {
  /** What a sweep directory is for; a second command on it must ask for the same. */
  public record Plan(TrainConfig base, List<Integer> removals, int seeds) {}

  /** Test error (100 - top-1) of one removal epoch over the seeds: last epoch and median of 10. */
  public record Point(
      int removal,
      int seeds,
      double meanLast,
      double minLast,
      double maxLast,
      double meanMedian10) {}

  private static final String PLAN = "sweep.json";

  private final Path root;
  private final Plan plan;

  private RemovalSweep(Path root, Plan plan) {
    this.root = root;
    this.plan = plan;
  }

  /**
   * The sweep of {@code base} (its intensive phase running to the last epoch: no refinement epochs)
   * with removal at each of {@code at} (1-based epochs: the first epoch without is E + 1) plus the
   * run without removal, over seeds 0 .. {@code seeds - 1}.
   */
  public static RemovalSweep open(Path root, TrainConfig base, List<Integer> at, int seeds) {
    base.validate();
    if (base.refineEpochs() != 0) {
      throw new BadInputException(
          "refineEpochs",
          base.refineEpochs(),
          "must be 0 for a removal sweep, which removes the augmentation itself (--set"
              + " refineEpochs=0)");
    }
    if (base.augment().batch() == null && base.augment().intensive().isEmpty()) {
      throw new BadInputException(
          "augment", "(standard only)", "has no intensive augmentation for a sweep to remove");
    }
    if (seeds < 1) {
      throw new BadInputException("--seeds " + seeds + " must be >= 1");
    }
    List<Integer> removals = new ArrayList<>();
    for (int e : at.stream().sorted().distinct().toList()) {
      if (e < 1 || e > base.epochs()) {
        throw new BadInputException("--at " + e + " must be an epoch in 1.." + base.epochs());
      }
      removals.add(e);
    }
    if (!removals.contains(base.epochs())) {
      removals.add(base.epochs()); // never removed: the reference point
    }
    Plan plan = new Plan(base, List.copyOf(removals), seeds);
    Path file = root.resolve(PLAN);
    try {
      if (Files.exists(file)) {
        Plan existing = Json.MAPPER.readValue(file.toFile(), Plan.class);
        if (!existing.equals(plan)) {
          throw new BadInputException(
              root + " holds another sweep (" + PLAN + " differs): choose another --out");
        }
      } else {
        Files.createDirectories(root);
        AtomicFiles.write(file, Json.pretty(plan));
      }
    } catch (JsonProcessingException e) {
      throw new BadInputException(file + ": not a sweep plan: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadInputException(file + ": cannot read or write: " + e.getMessage());
    }
    return new RemovalSweep(root, plan);
  }

  public Plan plan() {
    return plan;
  }

  /** The config of the run that removes the augmentation at {@code removal}, with {@code seed}. */
  public TrainConfig config(int removal, int seed) {
    TrainConfig b = plan.base();
    Schedule schedule = removal >= b.epochs() ? Schedule.CONSTANT : Schedule.off(removal);
    TrainConfig.AugmentConfig a = b.augment();
    return b.withAugment(
            new TrainConfig.AugmentConfig(
                a.standard(), a.intensive(), a.batch(), schedule, a.evaluation()))
        .withNameAndSeed(b.name() + "-E" + removal + "-seed" + seed, seed);
  }

  public Path runDir(int removal, int seed) {
    return root.resolve("E" + removal + "-seed" + seed);
  }

  /**
   * Trains every run not yet complete, forking each removal run from its seed's reference run at
   * epoch E when that run is there (else training it from scratch, the same thing up to rounding).
   */
  public void run(
      TrainingData data, int threads, Function<Path, List<TrainingListener>> listeners) {
    int epochs = plan.base().epochs();
    for (int seed = 0; seed < plan.seeds(); seed++) {
      Path referencePath = runDir(epochs, seed);
      RunDirectory reference =
          Files.exists(referencePath.resolve("config.json"))
              ? RunDirectory.open(referencePath)
              : RunDirectory.create(referencePath, config(epochs, seed));
      for (int removal : plan.removals()) {
        if (removal == epochs) {
          continue;
        }
        Path path = runDir(removal, seed);
        RunDirectory run;
        if (Files.exists(path.resolve("config.json"))) {
          run = RunDirectory.open(path);
        } else {
          if (reference.completedEpochs() < removal) {
            Training.train(reference, data, threads, listeners.apply(reference.root()), removal);
          }
          run =
              reference.completedEpochs() == removal
                  ? Fork.create(path, config(removal, seed), reference)
                  : RunDirectory.create(path, config(removal, seed));
        }
        Training.train(run, data, threads, listeners.apply(run.root()));
      }
      Training.train(reference, data, threads, listeners.apply(reference.root()));
    }
  }

  /** Per removal epoch, the finished runs' test errors; writes sweep.csv and sweep.png. */
  public List<Point> aggregate() {
    Map<Integer, List<Summary>> byRemoval = new TreeMap<>();
    StringBuilder csv =
        new StringBuilder("removal_epoch,seed,last_top1,best_top1,median_last10_top1\n");
    for (int removal : plan.removals()) {
      for (int seed = 0; seed < plan.seeds(); seed++) {
        Path path = runDir(removal, seed);
        if (!Files.exists(path.resolve("config.json"))) {
          continue;
        }
        RunDirectory run = RunDirectory.open(path);
        if (run.completedEpochs() < plan.base().epochs()) {
          continue;
        }
        Summary s = Summary.of(run.config().name(), run.metrics());
        byRemoval.computeIfAbsent(removal, k -> new ArrayList<>()).add(s);
        csv.append(
            String.format(
                Locale.ROOT,
                "%d,%d,%.2f,%.2f,%.2f%n",
                removal,
                seed,
                s.lastTop1(),
                s.bestTop1(),
                s.medianLast10Top1()));
      }
    }
    List<Point> points = new ArrayList<>();
    for (var e : byRemoval.entrySet()) {
      double[] last = e.getValue().stream().mapToDouble(s -> 100 - s.lastTop1()).toArray();
      double[] median =
          e.getValue().stream().mapToDouble(s -> 100 - s.medianLast10Top1()).toArray();
      points.add(
          new Point(
              e.getKey(),
              last.length,
              mean(last),
              Arrays.stream(last).min().orElse(Double.NaN),
              Arrays.stream(last).max().orElse(Double.NaN),
              mean(median)));
    }
    AtomicFiles.write(root.resolve("sweep.csv"), csv.toString());
    if (!points.isEmpty()) {
      double[] x = points.stream().mapToDouble(Point::removal).toArray();
      Charts.write(
          root.resolve("sweep.png"),
          new Charts.Frame(
              plan.base().name()
                  + ": test error by the epoch the augmentation is removed ("
                  + plan.seeds()
                  + " seeds, min-max bars)",
              "removal epoch (" + plan.base().epochs() + " = never removed)",
              "test error, %",
              false),
          List.of(
              new Charts.Line(
                  "last epoch, mean",
                  x,
                  points.stream().mapToDouble(Point::meanLast).toArray(),
                  true),
              new Charts.Line(
                  "median of last 10, mean",
                  x,
                  points.stream().mapToDouble(Point::meanMedian10).toArray(),
                  true)),
          points.stream().map(p -> new Charts.Bar(p.removal(), p.minLast(), p.maxLast())).toList());
    }
    return points;
  }

  private static double mean(double[] v) {
    return Arrays.stream(v).average().orElse(Double.NaN);
  }
}

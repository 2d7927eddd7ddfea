package dev.rda.analysis.study;

import dev.rda.analysis.study.Statistics.Paired;
import dev.rda.analysis.study.Statistics.Spread;
import dev.rda.training.EpochMetrics;
import dev.rda.training.RunDirectory;
import dev.rda.training.Summary;
import dev.rda.training.SwitchRule;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * What a study's finished runs show: per cell, test top-1 over the seeds (best, last, median of the
 * last 10 epochs, as the paper's Table 1) and the final losses on augmented and clean training
 * images (its Table 2); per comparison, the paired differences seed by seed.
 */
public record StudyResults(
    StudyPlan plan,
    List<RunResult> runs,
    List<CellResult> cells,
    List<PairResult> pairs,
    double wallSeconds) {

  /**
   * A finished run: its summary, its metrics, and the seconds of the epochs it trained itself (the
   * forked ones were its parent's).
   */
  /**
   * A finished run; {@code switchedAfter} is the epoch after which refine: auto switched (null: the
   * run has no automatic switch, or its rule did not fire and the fixed epoch held).
   */
  public record RunResult(
      String cell,
      int seed,
      Summary summary,
      List<EpochMetrics> metrics,
      double ownSeconds,
      Integer switchedAfter) {}

  public record CellResult(
      String cell,
      boolean refined,
      Spread best,
      Spread last,
      Spread median10,
      Spread trainLossAugmented,
      Spread trainLossClean) {}

  /** {@code cell} - {@code baseline} over the seeds where both finished. */
  public record PairResult(
      String cell, String baseline, int[] seeds, Paired median10, Paired last, Paired best) {}

  /** The finished runs of {@code study} (a run still training or not begun is left out). */
  public static StudyResults of(Study study) {
    List<RunResult> runs = new ArrayList<>();
    for (Study.Run r : study.runs()) {
      if (!Files.exists(r.dir().resolve("config.json"))) {
        continue;
      }
      RunDirectory dir = RunDirectory.open(r.dir());
      List<EpochMetrics> metrics = dir.metrics();
      int epochs = r.config().planAfter(metrics).epochs();
      if (metrics.size() < epochs || dir.completedEpochs() < epochs) {
        continue;
      }
      metrics = metrics.subList(0, epochs);
      double own =
          metrics.stream()
              .filter(m -> m.epoch() > r.forkEpoch())
              .mapToDouble(EpochMetrics::epochSeconds)
              .sum();
      runs.add(
          new RunResult(
              r.cell().name(),
              r.seed(),
              Summary.of(r.config().name(), metrics),
              metrics,
              own,
              r.config().switchDecision(metrics).map(SwitchRule.Decision::epoch).orElse(null)));
    }
    return of(study.plan(), runs, StudyProgress.wallTime(study.root()).seconds());
  }

  /** The statistics of {@code runs} under {@code plan} (also for tests on known summaries). */
  public static StudyResults of(StudyPlan plan, List<RunResult> runs, double wallSeconds) {
    List<CellResult> cells = new ArrayList<>();
    for (StudyPlan.Cell c : plan.cells()) {
      List<Summary> s =
          runs.stream().filter(r -> r.cell().equals(c.name())).map(RunResult::summary).toList();
      cells.add(
          new CellResult(
              c.name(),
              c.config().augmentedEpochs() < c.config().epochs(),
              spread(s, Summary::bestTop1),
              spread(s, Summary::lastTop1),
              spread(s, Summary::medianLast10Top1),
              spread(s, Summary::finalTrainLossAugmented),
              spread(s, Summary::finalTrainLossClean)));
    }
    List<PairResult> pairs = new ArrayList<>();
    for (StudyPlan.Pair p : plan.pairs()) {
      List<Integer> both = new ArrayList<>();
      List<double[]> values = new ArrayList<>(); // per seed: median10, last, best of cell - base
      for (int seed = 0; seed < plan.seeds(); seed++) {
        Summary a = find(runs, p.cell(), seed);
        Summary b = find(runs, p.baseline(), seed);
        if (a != null && b != null) {
          both.add(seed);
          values.add(
              new double[] {
                a.medianLast10Top1() - b.medianLast10Top1(),
                a.lastTop1() - b.lastTop1(),
                a.bestTop1() - b.bestTop1()
              });
        }
      }
      pairs.add(
          new PairResult(
              p.cell(),
              p.baseline(),
              both.stream().mapToInt(Integer::intValue).toArray(),
              Statistics.paired(values.stream().mapToDouble(v -> v[0]).toArray()),
              Statistics.paired(values.stream().mapToDouble(v -> v[1]).toArray()),
              Statistics.paired(values.stream().mapToDouble(v -> v[2]).toArray())));
    }
    return new StudyResults(
        plan, List.copyOf(runs), List.copyOf(cells), List.copyOf(pairs), wallSeconds);
  }

  public CellResult cell(String name) {
    return cells.stream().filter(c -> c.cell().equals(name)).findFirst().orElseThrow();
  }

  /** Seconds the finished runs trained, each counting only its own epochs. */
  public double machineSeconds() {
    return runs.stream().mapToDouble(RunResult::ownSeconds).sum();
  }

  private static Summary find(List<RunResult> runs, String cell, int seed) {
    return runs.stream()
        .filter(r -> r.cell().equals(cell) && r.seed() == seed)
        .map(RunResult::summary)
        .findFirst()
        .orElse(null);
  }

  private static Spread spread(List<Summary> s, ToDoubleFunction<Summary> f) {
    return Statistics.spread(s.stream().mapToDouble(f).toArray());
  }
}

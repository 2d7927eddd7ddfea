package dev.rda.analysis.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.training.EpochMetrics;
import dev.rda.training.Fixtures;
import dev.rda.training.Summary;
import dev.rda.training.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The study's statistics against values worked out by hand. */
class StatisticsTest {

  @Test
  void pairedDifferencesMatchAHandComputation() {
    // d = 0.5, 1.0, -0.3: mean 0.4; deviations 0.1, 0.6, -0.7; sum of squares 0.86;
    // std = sqrt(0.86 / 2) = 0.655744; t(0.975, 2) = 4.303; half-width 4.303 * 0.655744 /
    // sqrt(3) = 1.629090.
    Statistics.Paired p = Statistics.paired(new double[] {0.5, 1.0, -0.3});
    assertEquals(3, p.spread().n());
    assertEquals(0.4, p.spread().mean(), 1e-12);
    assertEquals(0.655744, p.spread().std(), 1e-6);
    assertEquals(0.4 - 1.629090, p.low(), 1e-6);
    assertEquals(0.4 + 1.629090, p.high(), 1e-6);
    assertEquals(2, p.positive());
    assertEquals(1, p.negative());
    assertEquals(0, p.zero());
  }

  @Test
  void oneSeedHasAMeanButNoSpreadOrInterval() {
    Statistics.Paired p = Statistics.paired(new double[] {0.25});
    assertEquals(0.25, p.spread().mean(), 0);
    assertTrue(Double.isNaN(p.spread().std()));
    assertTrue(Double.isNaN(p.low()) && Double.isNaN(p.high()));
  }

  @Test
  void studentQuantilesBeyondTheTableStayWithinTheirStatedError() {
    assertEquals(12.706, Statistics.tQuantile975(1), 0);
    assertEquals(2.042, Statistics.tQuantile975(30), 0);
    // Exact values: t(0.975, 31) = 2.039513, t(0.975, 60) = 2.000298, t(0.975, 1000) = 1.962339.
    assertEquals(2.039513, Statistics.tQuantile975(31), 2e-4);
    assertEquals(2.000298, Statistics.tQuantile975(60), 1e-4);
    assertEquals(1.962339, Statistics.tQuantile975(1000), 1e-5);
  }

  @Test
  void studyResultsPairSeedBySeedOverTheSeedsWhereBothFinished() {
    TrainConfig plain = Fixtures.config(10, 0, "mixup(gamma=1.0)");
    TrainConfig refined = Fixtures.config(12, 2, "mixup(gamma=1.0)");
    StudyPlan plan =
        new StudyPlan(
            "s",
            "",
            3,
            List.of(
                new StudyPlan.Cell("mixup", plain, List.of()),
                new StudyPlan.Cell("mixup-refine", refined, List.of("mixup"))));
    // Median of the last 10 epochs: the runs below hold 10 or 12 epochs of one constant top-1.
    double[] mixup = {80.0, 81.0, 79.5};
    double[] mixupRefine = {80.5, 82.0}; // seed 2 unfinished
    List<StudyResults.RunResult> runs = new ArrayList<>();
    for (int s = 0; s < 3; s++) {
      runs.add(run("mixup", s, 10, mixup[s]));
    }
    for (int s = 0; s < 2; s++) {
      runs.add(run("mixup-refine", s, 12, mixupRefine[s]));
    }
    StudyResults r = StudyResults.of(plan, runs, 0);
    StudyResults.CellResult m = r.cell("mixup");
    assertEquals(3, m.median10().n());
    assertEquals((80.0 + 81.0 + 79.5) / 3, m.median10().mean(), 1e-9);
    // deviations -0.1667, 0.8333, -0.6667: sum of squares 1.1667, std sqrt(0.5833) = 0.763763
    assertEquals(0.763763, m.median10().std(), 1e-6);
    assertTrue(r.cell("mixup-refine").refined() && !m.refined());
    StudyResults.PairResult pair = r.pairs().get(0);
    assertArrayEquals(new int[] {0, 1}, pair.seeds());
    assertArrayEquals(new double[] {0.5, 1.0}, pair.median10().differences(), 1e-9);
    // mean 0.75, std sqrt(0.125) = 0.353553, t(0.975, 1) = 12.706: half-width 3.176500
    assertEquals(0.75, pair.median10().spread().mean(), 1e-9);
    assertEquals(0.75 - 3.1765, pair.median10().low(), 1e-6);
    assertEquals(2, pair.median10().positive());
    String text = StudyReport.text(r);
    assertTrue(text.contains("80.17 +- 0.76 (3)"), text);
    assertTrue(text.contains("mixup-refine - mixup"), text);
    assertTrue(text.contains("mean +0.75, std 0.35, 95% [-2.43, +3.93], 2 of 2 positive"), text);
  }

  /** refine: auto's runs end where each one switched: the report averages them to the shortest. */
  @Test
  void aReportDrawsACellWhoseRunsEndAtDifferentEpochs(@TempDir Path tmp) throws Exception {
    TrainConfig auto = Fixtures.config(12, 2, "mixup(gamma=1.0)");
    StudyPlan plan =
        new StudyPlan("s", "", 2, List.of(new StudyPlan.Cell("mixup-auto", auto, List.of())));
    List<StudyResults.RunResult> runs =
        List.of(run("mixup-auto", 0, 11, 80.0), run("mixup-auto", 1, 9, 81.0));
    StudyReport.write(tmp, StudyResults.of(plan, runs, 0));
    assertTrue(Files.readString(tmp.resolve("report.html")).contains("mixup-auto-seed1"));
  }

  private static StudyResults.RunResult run(String cell, int seed, int epochs, double top1) {
    List<EpochMetrics> m = new ArrayList<>();
    for (int e = 1; e <= epochs; e++) {
      m.add(
          new EpochMetrics(
              e, "intensive", 0.1, 1, 0.5, 0.2, 90, 0.4, top1, 100, 1, e, null, null, null, null));
    }
    return new StudyResults.RunResult(cell, seed, Summary.of(cell, m), m, epochs, null);
  }
}

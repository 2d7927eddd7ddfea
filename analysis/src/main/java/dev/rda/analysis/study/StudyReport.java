package dev.rda.analysis.study;

import dev.rda.analysis.Charts;
import dev.rda.analysis.Report;
import dev.rda.analysis.study.Statistics.Paired;
import dev.rda.analysis.study.Statistics.Spread;
import dev.rda.analysis.study.StudyResults.CellResult;
import dev.rda.analysis.study.StudyResults.PairResult;
import dev.rda.analysis.study.StudyResults.RunResult;
import dev.rda.core.AtomicFiles;
import dev.rda.core.Json;
import dev.rda.training.EpochMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A study's outputs: {@code study.json} (plan, per-cell and paired statistics, every finished run's
 * summary), {@code study.csv} (one row per finished run), {@code report.html} (the paper's Table 1
 * layout with mean +- std over seeds, the paired differences with their intervals, Table 2's
 * losses, the curves) and the same main table as plain text for the terminal.
 */
public final class StudyReport {
  private StudyReport() {}

  /** What {@code study.json} holds. */
  record StudyFile(
      String name,
      String about,
      int seeds,
      double wallSeconds,
      double epochSeconds,
      List<CellResult> cells,
      List<PairResult> pairs,
      List<RunSummary> runs) {}

  record RunSummary(String cell, int seed, dev.rda.training.Summary summary, double ownSeconds) {}

  /** Writes study.json, study.csv, curves.png and report.html into {@code root}, atomically. */
  public static void write(Path root, StudyResults results) {
    StudyPlan plan = results.plan();
    AtomicFiles.write(
        root.resolve("study.json"),
        Json.pretty(
            new StudyFile(
                plan.name(),
                plan.about(),
                plan.seeds(),
                results.wallSeconds(),
                results.machineSeconds(),
                results.cells(),
                results.pairs(),
                results.runs().stream()
                    .map(r -> new RunSummary(r.cell(), r.seed(), r.summary(), r.ownSeconds()))
                    .toList())));
    AtomicFiles.write(root.resolve("study.csv"), csv(results));
    byte[] accuracy = accuracyChart(results);
    byte[] losses = lossChart(results);
    AtomicFiles.write(root.resolve("curves.png"), accuracy);
    AtomicFiles.write(
        root.resolve("report.html"),
        html(results, accuracy, losses).getBytes(StandardCharsets.UTF_8));
  }

  static String csv(StudyResults results) {
    StringBuilder csv =
        new StringBuilder(
            "cell,seed,epochs,best_top1,best_epoch,last_top1,median_last10_top1,final_train_loss_augmented,final_train_loss_clean,final_test_loss,own_seconds\n");
    for (RunResult r : results.runs()) {
      var s = r.summary();
      csv.append(
          String.format(
              Locale.ROOT,
              "%s,%d,%d,%.2f,%d,%.2f,%.2f,%.5f,%.5f,%.5f,%.1f%n",
              r.cell(),
              r.seed(),
              s.epochs(),
              s.bestTop1(),
              s.bestEpoch(),
              s.lastTop1(),
              s.medianLast10Top1(),
              s.finalTrainLossAugmented(),
              s.finalTrainLossClean(),
              s.finalTestLoss(),
              r.ownSeconds()));
    }
    return csv.toString();
  }

  /**
   * Table 1's rows: each unrefined cell, with the refined cell compared first with it beside it.
   */
  record Row(CellResult plain, CellResult refined) {}

  static List<Row> rows(StudyResults results) {
    List<Row> rows = new ArrayList<>();
    List<String> placed = new ArrayList<>();
    for (StudyPlan.Cell c : results.plan().cells()) {
      CellResult cell = results.cell(c.name());
      if (cell.refined()) {
        continue;
      }
      Optional<StudyPlan.Cell> twin =
          results.plan().cells().stream()
              .filter(t -> !t.versus().isEmpty() && t.versus().get(0).equals(c.name()))
              .filter(t -> results.cell(t.name()).refined())
              .findFirst();
      twin.ifPresent(t -> placed.add(t.name()));
      rows.add(new Row(cell, twin.map(t -> results.cell(t.name())).orElse(null)));
    }
    for (StudyPlan.Cell c : results.plan().cells()) {
      CellResult cell = results.cell(c.name());
      if (cell.refined() && !placed.contains(c.name())) {
        rows.add(new Row(null, cell));
      }
    }
    return rows;
  }

  /** The main table and the paired differences as plain text. */
  public static String text(StudyResults results) {
    StringBuilder t = new StringBuilder();
    t.append(
        String.format(
            Locale.ROOT,
            "%s: test top-1 %%, mean +- std over seeds (n), median of the last 10 epochs%n",
            results.plan().name()));
    String row = "%-24s %-20s %-24s %-20s%n";
    t.append(
        String.format(
            Locale.ROOT, row, "cell", "no refinement", "refined cell", "with refinement"));
    for (Row r : rows(results)) {
      t.append(
          String.format(
              Locale.ROOT,
              row,
              r.plain() != null ? r.plain().cell() : "-",
              r.plain() != null ? pm(r.plain().median10()) : "-",
              r.refined() != null ? r.refined().cell() : "-",
              r.refined() != null ? pm(r.refined().median10()) : "-"));
    }
    switches(results)
        .forEach(
            (cell, each) ->
                t.append(
                    String.format(
                        Locale.ROOT, "%s switched after epoch, seed by seed: %s%n", cell, each)));
    if (!results.pairs().isEmpty()) {
      t.append("paired differences, median of last 10 (points), per seed; mean, 95% t interval:\n");
      for (PairResult p : results.pairs()) {
        t.append(
            String.format(
                Locale.ROOT,
                "  %-46s %s%n",
                p.cell() + " - " + p.baseline(),
                paired(p.median10())));
      }
    }
    return t.toString();
  }

  /** Each refine: auto cell (in plan order) and where its finished runs switched. */
  private static Map<String, String> switches(StudyResults results) {
    Map<String, String> out = new LinkedHashMap<>();
    for (StudyPlan.Cell c : results.plan().cells()) {
      if (c.config().autoRefine() != null) {
        out.put(c.name(), switches(results, c));
      }
    }
    return out;
  }

  /**
   * Where an auto cell's finished runs switched: "seed 0: 83, seed 2: 100 (no switch, the fixed
   * epoch)".
   */
  static String switches(StudyResults results, StudyPlan.Cell cell) {
    List<String> each = new ArrayList<>();
    for (RunResult r : results.runs()) {
      if (r.cell().equals(cell.name())) {
        each.add(
            "seed "
                + r.seed()
                + ": "
                + (r.switchedAfter() != null
                    ? r.switchedAfter()
                    : cell.config().intensiveEpochs() + " (no switch: the fixed epoch)"));
      }
    }
    return each.isEmpty() ? "no run finished yet" : String.join(", ", each);
  }

  static String pm(Spread s) {
    if (s.n() == 0) {
      return "-";
    }
    return Double.isNaN(s.std())
        ? String.format(Locale.ROOT, "%.2f (%d)", s.mean(), s.n())
        : String.format(Locale.ROOT, "%.2f +- %.2f (%d)", s.mean(), s.std(), s.n());
  }

  static String paired(Paired p) {
    int n = p.spread().n();
    if (n == 0) {
      return "no seed has both runs finished";
    }
    StringBuilder per = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      per.append(String.format(Locale.ROOT, i == 0 ? "%+.2f" : " %+.2f", p.differences()[i]));
    }
    per.append("]");
    return n < 2
        ? String.format(Locale.ROOT, "%s mean %+.2f (n = 1: no interval)", per, p.spread().mean())
        : String.format(
            Locale.ROOT,
            "%s mean %+.2f, std %.2f, 95%% [%+.2f, %+.2f], %d of %d positive (n = %d)",
            per,
            p.spread().mean(),
            p.spread().std(),
            p.low(),
            p.high(),
            p.positive(),
            n,
            n);
  }

  private static String html(StudyResults results, byte[] accuracy, byte[] losses) {
    StudyPlan plan = results.plan();
    StringBuilder h = new StringBuilder(Report.head("rda study " + plan.name()));
    h.append("<h1>Study ").append(Report.escape(plan.name())).append("</h1>\n");
    if (!plan.about().isEmpty()) {
      h.append("<p>").append(Report.escape(plan.about())).append("</p>\n");
    }
    h.append(
        String.format(
            Locale.ROOT,
            "<p>%d cells x %d seeds; %d runs finished; %.1f hours of wall time training them"
                + " (the sum of the epochs each run trained itself, evaluation included: %.1f"
                + " hours; more than the wall time when runs trained side by side).</p>\n",
            plan.cells().size(),
            plan.seeds(),
            results.runs().size(),
            results.wallSeconds() / 3600,
            results.machineSeconds() / 3600));
    table1(h, results);
    paired(h, results);
    table2(h, results);
    curves(h, results, accuracy, losses);
    runs(h, results);
    h.append("</body></html>\n");
    return h.toString();
  }

  /** Test top-1 as the paper's Table 1: each cell beside its refined twin. */
  private static void table1(StringBuilder h, StudyResults results) {
    h.append("<h2>Test top-1 (%), as the paper's Table 1</h2>\n")
        .append("<p>Mean &plusmn; standard deviation over seeds (n) of each run's best epoch, last")
        .append(" epoch, and median of the last 10 epochs (the paper's figure).</p>\n<table>\n")
        .append("<tr><th rowspan=2>cell</th><th colspan=4>no refinement</th>")
        .append("<th rowspan=2>refined cell</th><th colspan=4>with refinement</th></tr>\n<tr>")
        .append("<th>best</th><th>last</th><th>median 10</th><th>n</th>")
        .append("<th>best</th><th>last</th><th>median 10</th><th>n</th></tr>\n");
    for (Row r : rows(results)) {
      h.append("<tr><td>")
          .append(r.plain() != null ? Report.escape(r.plain().cell()) : "")
          .append("</td>");
      spreads(h, r.plain());
      h.append("<td style=\"text-align:left\">")
          .append(r.refined() != null ? Report.escape(r.refined().cell()) : "-")
          .append("</td>");
      spreads(h, r.refined());
      h.append("</tr>\n");
    }
    h.append("</table>\n");
  }

  /** Each comparison's differences seed by seed, with their interval. */
  private static void paired(StringBuilder h, StudyResults results) {
    if (!results.pairs().isEmpty()) {
      h.append("<h2>Paired differences (points of top-1)</h2>\n")
          .append("<p>The same seed shares the training subset, the initialisation and the")
          .append(
              " shuffling, so each seed gives one difference. Interval: mean &plusmn; t<sub>0.975,")
          .append("n-1</sub> &middot; std / &radic;n.</p>\n<table>\n<tr><th>comparison</th>")
          .append("<th>of</th><th>per seed</th><th>mean</th><th>std</th><th>95% interval</th>")
          .append("<th>positive</th><th>n</th></tr>\n");
      for (PairResult p : results.pairs()) {
        if (p.seeds().length == 0) {
          h.append("<tr><td>")
              .append(Report.escape(p.cell() + " - " + p.baseline()))
              .append("</td><td colspan=7 style=\"text-align:left\">no seed has both runs")
              .append(" finished yet</td></tr>\n");
          continue;
        }
        pairRow(h, p, "median 10", p.median10());
        pairRow(h, p, "last", p.last());
        pairRow(h, p, "best", p.best());
      }
      h.append("</table>\n");
    }
  }

  /** The losses on augmented and clean training images, as the paper's Table 2. */
  private static void table2(StringBuilder h, StudyResults results) {
    h.append("<h2>Losses on training images at the last epoch (&times;10<sup>-3</sup>), as the")
        .append(" paper's Table 2</h2>\n<p>R<sub>aug</sub>: mean loss on the augmented batches of")
        .append(" the last epoch; R: loss on the clean training sample. Mean over seeds.</p>\n")
        .append("<table>\n<tr><th>cell</th><th>R<sub>aug</sub></th><th>R</th><th>n</th></tr>\n");
    for (CellResult c : results.cells()) {
      h.append("<tr><td>")
          .append(Report.escape(c.cell()))
          .append("</td>")
          .append(td(c.trainLossAugmented().mean() * 1000, "%.1f"))
          .append(td(c.trainLossClean().mean() * 1000, "%.1f"))
          .append("<td>")
          .append(c.trainLossClean().n())
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static void curves(
      StringBuilder h, StudyResults results, byte[] accuracy, byte[] losses) {
    h.append("<h2>Curves</h2>\n")
        .append(Report.image("test top-1 per epoch", accuracy))
        .append(Report.image("losses per epoch", losses));
    for (Row r : rows(results)) {
      if (r.plain() != null && r.refined() != null) {
        h.append(Report.image(r.plain().cell() + ", the last epochs", familyChart(results, r)));
      }
    }
  }

  /** Every finished run's figures. */
  private static void runs(StringBuilder h, StudyResults results) {
    h.append("<h2>Runs</h2>\n");
    switches(results)
        .forEach(
            (cell, each) ->
                h.append("<p>")
                    .append(Report.escape(cell))
                    .append(" (refine: auto) switched after epoch, seed by seed: ")
                    .append(Report.escape(each))
                    .append(".</p>\n"));
    h.append("<table>\n<tr><th>run</th><th>median 10</th><th>last</th>")
        .append("<th>best (epoch)</th><th>own hours</th></tr>\n");
    for (RunResult r : results.runs()) {
      var s = r.summary();
      h.append("<tr><td>")
          .append(Report.escape(r.cell() + "-seed" + r.seed()))
          .append("</td>")
          .append(td(s.medianLast10Top1(), "%.2f"))
          .append(td(s.lastTop1(), "%.2f"))
          .append(String.format(Locale.ROOT, "<td>%.2f (%d)</td>", s.bestTop1(), s.bestEpoch()))
          .append(td(r.ownSeconds() / 3600, "%.2f"))
          .append("</tr>\n");
    }
    h.append("</table>\n");
  }

  private static void spreads(StringBuilder h, CellResult c) {
    if (c == null) {
      h.append("<td>-</td><td>-</td><td>-</td><td>-</td>");
      return;
    }
    for (Spread s : List.of(c.best(), c.last(), c.median10())) {
      h.append(
          s.n() == 0
              ? "<td>-</td>"
              : Double.isNaN(s.std())
                  ? String.format(Locale.ROOT, "<td>%.2f</td>", s.mean())
                  : String.format(Locale.ROOT, "<td>%.2f &plusmn; %.2f</td>", s.mean(), s.std()));
    }
    h.append("<td>").append(c.median10().n()).append("</td>");
  }

  private static void pairRow(StringBuilder h, PairResult p, String of, Paired d) {
    int n = d.spread().n();
    StringBuilder per = new StringBuilder();
    for (double x : d.differences()) {
      per.append(String.format(Locale.ROOT, "%+.2f ", x));
    }
    h.append("<tr><td>")
        .append(Report.escape(p.cell() + " - " + p.baseline()))
        .append("</td><td>")
        .append(of)
        .append("</td><td>")
        .append(per.toString().trim())
        .append("</td>")
        .append(td(d.spread().mean(), "%+.2f"))
        .append(td(d.spread().std(), "%.2f"))
        .append(
            n < 2
                ? "<td>-</td>"
                : String.format(Locale.ROOT, "<td>[%+.2f, %+.2f]</td>", d.low(), d.high()))
        .append(
            String.format(Locale.ROOT, "<td>%d of %d</td><td>%d</td></tr>%n", d.positive(), n, n));
  }

  private static String td(double v, String format) {
    return Double.isNaN(v)
        ? "<td>-</td>"
        : "<td>" + String.format(Locale.ROOT, format, v) + "</td>";
  }

  /** Mean test top-1 per epoch over each cell's finished runs. */
  private static byte[] accuracyChart(StudyResults results) {
    return meanChart(
        results, "test top-1 per epoch", "test top-1, %", false, EpochMetrics::testTop1);
  }

  private static byte[] lossChart(StudyResults results) {
    return meanChart(
        results,
        "loss on clean training images per epoch",
        "cross-entropy (log scale)",
        true,
        EpochMetrics::trainLossClean);
  }

  private static byte[] meanChart(
      StudyResults results,
      String what,
      String yTitle,
      boolean logY,
      java.util.function.ToDoubleFunction<EpochMetrics> f) {
    return Charts.png(
        new Charts.Frame(
            results.plan().name() + ": " + what + ", mean over seeds", "epoch", yTitle, logY),
        meanCurves(results, results.plan().cells(), f, 0),
        List.of());
  }

  /**
   * One augmentation's cells (unrefined, refined and what the refined one is compared with, and the
   * first cell as the reference) over the last 40% of the unrefined run's epochs, where they part.
   */
  private static byte[] familyChart(StudyResults results, Row row) {
    List<String> cells = new ArrayList<>();
    String first = results.plan().cells().get(0).name();
    cells.add(first);
    cells.add(row.plain().cell());
    cells.add(row.refined().cell());
    cells.addAll(results.plan().cell(row.refined().cell()).versus());
    List<StudyPlan.Cell> chosen =
        results.plan().cells().stream().filter(c -> cells.contains(c.name())).toList();
    int from = (int) Math.floor(0.6 * results.plan().cell(row.plain().cell()).config().epochs());
    List<Charts.Line> lines = meanCurves(results, chosen, EpochMetrics::testTop1, from);
    return Charts.png(
        new Charts.Frame(
            row.plain().cell() + ": test top-1 from epoch " + (from + 1) + ", mean over seeds",
            "epoch",
            "test top-1, %",
            false),
        lines,
        List.of());
  }

  /**
   * Per cell of {@code cells} with finished runs, the mean of {@code f} from epoch from + 1 to the
   * end of the cell's shortest run.
   */
  private static List<Charts.Line> meanCurves(
      StudyResults results,
      List<StudyPlan.Cell> cells,
      java.util.function.ToDoubleFunction<EpochMetrics> f,
      int from) {
    List<Charts.Line> lines = new ArrayList<>();
    for (StudyPlan.Cell c : cells) {
      List<RunResult> runs =
          results.runs().stream().filter(r -> r.cell().equals(c.name())).toList();
      if (runs.isEmpty()) {
        continue;
      }
      // Runs of a refine: auto cell end where their switch put them: the mean runs to the shortest.
      int epochs = runs.stream().mapToInt(r -> r.metrics().size()).min().orElseThrow();
      if (epochs <= from) {
        continue;
      }
      double[] x = new double[epochs - from];
      double[] y = new double[epochs - from];
      for (int e = from; e < epochs; e++) {
        x[e - from] = e + 1;
        final int epoch = e;
        y[e - from] =
            runs.stream()
                .mapToDouble(r -> f.applyAsDouble(r.metrics().get(epoch)))
                .average()
                .orElse(Double.NaN);
      }
      lines.add(new Charts.Line(c.name() + " (n = " + runs.size() + ")", x, y));
    }
    return lines;
  }
}

package dev.rda.analysis;

import dev.rda.core.AtomicFiles;
import dev.rda.training.RunDirectory;
import dev.rda.training.Summary;
import dev.rda.training.TrainConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML file comparing runs in the layout of the paper's Table 1: per
 * augmentation, test top-1 (best, last, median of the last 10 epochs; means over the runs of a
 * cell) without and with refinement side by side; then every run's curves, embedded as PNG data,
 * with any SVD or sweep plot found beside them.
 */
public final class Report {
  private Report() {}

  /**
   * The augmentation a run trains with, as a table row name: its intensive ops and batch op, and
   * when its strength schedule ends them early, where (a removal sweep's runs get a row per epoch).
   */
  static String method(TrainConfig c) {
    List<String> parts = new ArrayList<>(c.augment().intensive());
    if (c.augment().batch() != null) {
      parts.add(c.augment().batch());
    }
    String name = parts.isEmpty() ? "standard" : String.join(" + ", parts);
    var schedule = c.augment().schedule();
    return switch (schedule.kind()) {
      case "off" -> name + ", off after epoch " + schedule.from();
      case "linear", "cosine" ->
          name
              + ", "
              + schedule.kind()
              + " to 0 over epochs "
              + schedule.from()
              + "-"
              + schedule.to();
      default -> name;
    };
  }

  /** What runs must share to sit in one table: data, model, epochs, batch. */
  static String setup(TrainConfig c) {
    var d = c.data();
    return String.format(
        Locale.ROOT,
        "%s%s, %s width %d, %d epochs, batch %d",
        d.dataset(),
        d.trainSubset() > 0
            ? String.format(Locale.ROOT, " (%,d training images)", d.trainSubset())
            : "",
        c.model().name(),
        c.model().width(),
        c.epochs(),
        c.batchSize());
  }

  /** Refined: the intensive augmentation ends before the run does (refinement, or a schedule). */
  static boolean refined(TrainConfig c) {
    return c.augmentedEpochs() < c.epochs();
  }

  /**
   * Writes the report of {@code runs} to {@code out}, atomically, with {@code pictures} (e.g. a
   * sweep's plot) after the table.
   */
  public static void write(List<RunDirectory> runs, List<Path> pictures, Path out) {
    // Setup -> augmentation -> {to the end, refined}: only runs of one setup are compared.
    Map<String, Map<String, List<Summary>[]>> table = new LinkedHashMap<>();
    for (RunDirectory run : runs) {
      TrainConfig c = run.config();
      @SuppressWarnings("unchecked")
      List<Summary>[] cell =
          table
              .computeIfAbsent(setup(c), k -> new LinkedHashMap<>())
              .computeIfAbsent(method(c), k -> new List[] {new ArrayList<>(), new ArrayList<>()});
      cell[refined(run.plan()) ? 1 : 0].add(Summary.of(c.name(), run.metrics()));
    }
    StringBuilder h = new StringBuilder();
    h.append(head("rda report"))
        .append("<h1>Test top-1 (%)</h1>\n")
        .append("<p>As the paper's Table 1: best, last, and median of the last 10 epochs; a cell")
        .append(" with several runs shows their mean (n = runs).</p>\n<table>\n")
        .append("<tr><th rowspan=2>augmentation</th><th colspan=4>augmentation to the end</th>")
        .append("<th colspan=4>with refinement</th></tr>\n<tr>");
    for (int k = 0; k < 2; k++) {
      h.append("<th>best</th><th>last</th><th>median 10</th><th>n</th>");
    }
    h.append("</tr>\n");
    for (var group : table.entrySet()) {
      h.append("<tr><th colspan=9 style=\"text-align:left;padding-top:1em\">")
          .append(escape(group.getKey()))
          .append("</th></tr>\n");
      rows(h, group.getValue());
    }
    h.append("</table>\n");
    for (Path picture : pictures) {
      h.append("<h2>").append(escape(picture.toString())).append("</h2>\n");
      embed(h, picture);
    }
    for (RunDirectory run : runs) {
      RunCurves.draw(run);
      h.append("<h2>")
          .append(escape(run.config().name()))
          .append("</h2>\n<p>")
          .append(escape(run.root().toString()))
          .append("</p>\n");
      run.config()
          .switchDecision(run.metrics())
          .ifPresent(
              d ->
                  h.append("<p>")
                      .append(escape(d.describe(run.config().refineEpochs())))
                      .append("</p>\n"));
      for (String picture : List.of("curves.png", "accuracy.png", "svd.png", "sweep.png")) {
        Path file = run.root().resolve(picture);
        if (Files.exists(file)) {
          embed(h, file);
        }
      }
    }
    h.append("</body></html>\n");
    AtomicFiles.write(out, h.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void rows(StringBuilder h, Map<String, List<Summary>[]> rows) {
    for (var row : rows.entrySet()) {
      h.append("<tr><td>").append(escape(row.getKey())).append("</td>");
      for (List<Summary> cell : row.getValue()) {
        if (cell.isEmpty()) {
          h.append("<td>-</td><td>-</td><td>-</td><td>0</td>");
        } else {
          h.append(cell(cell.stream().mapToDouble(Summary::bestTop1).average().orElseThrow()))
              .append(cell(cell.stream().mapToDouble(Summary::lastTop1).average().orElseThrow()))
              .append(
                  cell(
                      cell.stream().mapToDouble(Summary::medianLast10Top1).average().orElseThrow()))
              .append("<td>")
              .append(cell.size())
              .append("</td>");
        }
      }
      h.append("</tr>\n");
    }
  }

  /** The start of a report page in the house style, up to and including {@code <body>}. */
  public static String head(String title) {
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>"
        + escape(title)
        + "</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1200px}"
        + "table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #ddd;"
        + "white-space:nowrap;"
        + "text-align:right}td:first-child,th:first-child{text-align:left}"
        + "img{max-width:100%}</style></head><body>\n";
  }

  private static void embed(StringBuilder h, Path png) {
    h.append(image(png.getFileName().toString(), read(png)));
  }

  /** A PNG embedded in the page as data, so the report is one file. */
  public static String image(String alt, byte[] png) {
    return "<img alt=\""
        + escape(alt)
        + "\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(png)
        + "\">\n";
  }

  private static String cell(double v) {
    return String.format(Locale.ROOT, "<td>%.2f</td>", v);
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}

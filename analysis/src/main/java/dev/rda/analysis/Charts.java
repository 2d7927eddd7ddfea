package dev.rda.analysis;

import dev.rda.core.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Line charts as PNG files (XChart, rendered headless), in one house style. */
public final class Charts {
  private Charts() {}

  /** One curve: a name for the legend, and its points. */
  public record Line(String name, double[] x, double[] y, boolean markers) {
    public Line(String name, double[] x, double[] y) {
      this(name, x, y, false);
    }
  }

  /** A vertical segment from {@code low} to {@code high} at {@code x} (a min-max bar). */
  public record Bar(double x, double low, double high) {}

  /**
   * A chart's frame: title, axis titles, log-scale y, and dashed vertical markers at x, named
   * {@code marksName} in the legend.
   */
  public record Frame(
      String title,
      String xTitle,
      String yTitle,
      boolean logY,
      List<Double> marks,
      String marksName) {
    public Frame(String title, String xTitle, String yTitle, boolean logY) {
      this(title, xTitle, yTitle, logY, List.of(), "");
    }
  }

  /** Renders the chart to PNG bytes. */
  public static byte[] png(Frame frame, List<Line> lines, List<Bar> bars) {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(600)
            .title(frame.title())
            .xAxisTitle(frame.xTitle())
            .yAxisTitle(frame.yTitle())
            .build();
    XYStyler styler = chart.getStyler();
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Vertical);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setYAxisLogarithmic(frame.logY());
    styler.setPlotGridLinesColor(new Color(0xE0E0E0));
    if (integerX(lines)) {
      styler.setXAxisDecimalPattern("#");
    }
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    for (Line given : lines) {
      // A log axis cannot show zeros (e.g. the variance of a feature no image activates).
      Line line = frame.logY() ? positive(given) : given;
      if (line.x().length == 0) {
        continue;
      }
      XYSeries s = chart.addSeries(line.name(), line.x(), line.y());
      s.setMarker(line.markers() ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
      for (double v : line.y()) {
        if (Double.isFinite(v) && (!frame.logY() || v > 0)) {
          low = Math.min(low, v);
          high = Math.max(high, v);
        }
      }
    }
    int k = 0;
    for (Bar bar : bars) {
      XYSeries s =
          chart.addSeries(
              "bar " + k++, new double[] {bar.x(), bar.x()}, new double[] {bar.low(), bar.high()});
      s.setMarker(SeriesMarkers.DIAMOND);
      s.setLineColor(Color.DARK_GRAY);
      s.setMarkerColor(Color.DARK_GRAY);
      s.setShowInLegend(false);
      low = Math.min(low, bar.low());
      high = Math.max(high, bar.high());
    }
    k = 0;
    for (double x : frame.marks()) {
      if (!(low < high)) {
        break;
      }
      XYSeries s =
          chart.addSeries(
              k == 0 ? frame.marksName() : "mark " + k,
              new double[] {x, x},
              new double[] {low, high});
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(Color.GRAY);
      s.setLineStyle(
          new BasicStroke(
              1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
      s.setShowInLegend(k++ == 0);
    }
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render " + frame.title(), e);
    }
  }

  private static Line positive(Line line) {
    int[] keep = IntStream.range(0, line.y().length).filter(i -> line.y()[i] > 0).toArray();
    double[] x = new double[keep.length];
    double[] y = new double[keep.length];
    for (int i = 0; i < keep.length; i++) {
      x[i] = line.x()[keep[i]];
      y[i] = line.y()[keep[i]];
    }
    return new Line(line.name(), x, y, line.markers());
  }

  private static boolean integerX(List<Line> lines) {
    for (Line line : lines) {
      for (double x : line.x()) {
        if (x != Math.rint(x)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Renders the chart into {@code file}, atomically. */
  public static void write(Path file, Frame frame, List<Line> lines, List<Bar> bars) {
    AtomicFiles.write(file, png(frame, lines, bars));
  }
}

package dev.rda.detection;

import dev.rda.core.ProgressBars;
import dev.rda.detection.Voc.VocImage;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ProgressBar;

/** A detector's VOC07 AP per class and mAP on a split, and the detections behind them. */
public final class DetectionEvaluation {
  private DetectionEvaluation() {}

  /** Detections on every image of {@code images}, image indices into that list. */
  public static List<Detection> detect(
      Detector detector, DetectionConfig config, List<VocImage> images, ProgressBar bar) {
    List<Detection> all = new ArrayList<>();
    CanvasBatches batches =
        new CanvasBatches(images, IntStream.range(0, images.size()).boxed().toList(), config, null);
    int from = 0;
    while (batches.hasNext()) {
      List<Canvas> batch = batches.next();
      all.addAll(detector.detect(batch, from));
      from += batch.size();
      if (bar != null) {
        bar.stepBy(batch.size());
      }
    }
    return all;
  }

  public static DetectionRun.Evaluation evaluate(
      Detector detector,
      DetectionConfig config,
      List<VocImage> images,
      int epoch,
      PrintStream out,
      boolean progressBar) {
    List<Detection> detections;
    try (ProgressBar bar =
        progressBar ? ProgressBars.images(out, "evaluate", images.size()) : null) {
      detections = detect(detector, config, images, bar);
    }
    VocEval.Result r = VocEval.evaluate(images, detections, Voc.CLASSES.size());
    List<DetectionRun.ClassAp> classes = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < Voc.CLASSES.size(); c++) {
      classes.add(new DetectionRun.ClassAp(Voc.CLASSES.get(c), r.objects()[c], r.ap()[c]));
      if (r.objects()[c] > 0) {
        line.append(
            String.format(
                Locale.ROOT, " %s %.1f (%d)", Voc.CLASSES.get(c), 100 * r.ap()[c], r.objects()[c]));
      }
    }
    out.printf(
        Locale.ROOT,
        "%s: mAP %.2f%% (VOC07 11-point, %d images, %d detections); AP (objects):%s%n",
        config.testSplit(),
        100 * r.map(),
        images.size(),
        detections.size(),
        line);
    return new DetectionRun.Evaluation(epoch, config.testSplit(), images.size(), classes, r.map());
  }
}

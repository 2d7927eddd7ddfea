package dev.rda.detection;

import dev.rda.detection.Voc.VocImage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** A detector's VOC07 AP per class and mAP on a split, and the detections behind them. */
public final class DetectionEvaluation {
  private DetectionEvaluation() {}

  /** Detections on every image of {@code images}, image indices into that list. */
  public static List<Detection> detect(
      Detector detector,
      DetectionConfig config,
      List<VocImage> images,
      List<DetectionListener> listeners) {
    List<Detection> all = new ArrayList<>();
    CanvasBatches batches =
        new CanvasBatches(images, IntStream.range(0, images.size()).boxed().toList(), config, null);
    int from = 0;
    while (batches.hasNext()) {
      List<Canvas> batch = batches.next();
      all.addAll(detector.detect(batch, from));
      from += batch.size();
      for (DetectionListener l : listeners) {
        l.onImages(batch.size());
      }
    }
    return all;
  }

  /** VOC07 AP per class and mAP of {@code detector} on {@code split}'s {@code images}. */
  public static DetectionRun.Evaluation evaluate(
      Detector detector,
      DetectionConfig config,
      String split,
      List<VocImage> images,
      int epoch,
      List<DetectionListener> listeners) {
    for (DetectionListener l : listeners) {
      l.onEvaluationStart(split, images.size());
    }
    List<Detection> detections = detect(detector, config, images, listeners);
    VocEval.Result r = VocEval.evaluate(images, detections, Voc.CLASSES.size());
    List<DetectionRun.ClassAp> classes = new ArrayList<>();
    for (int c = 0; c < Voc.CLASSES.size(); c++) {
      classes.add(new DetectionRun.ClassAp(Voc.CLASSES.get(c), r.objects()[c], r.ap()[c]));
    }
    DetectionRun.Evaluation e =
        new DetectionRun.Evaluation(
            epoch, split, images.size(), detections.size(), classes, r.map());
    for (DetectionListener l : listeners) {
      l.onEvaluated(e);
    }
    return e;
  }
}

package dev.rda.detection;

import dev.rda.detection.Voc.VocImage;
import dev.rda.detection.Voc.VocObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * PascalVOC 2007's detection metric: per class, detections sorted by score are matched greedily to
 * the unmatched ground-truth box of their image with the highest IoU, a match needing IoU > 0.5. A
 * match to a difficult object counts neither way; a second detection of an already matched object
 * is a false positive. AP is the 11-point interpolated precision (mean over recall 0, 0.1, ..., 1
 * of the best precision at that recall or above) and mAP their mean over classes that have objects.
 */
public final class VocEval {
  private VocEval() {}

  /** Per-class AP (NaN where the images hold no non-difficult object of the class) and mAP. */
  public record Result(double[] ap, int[] objects, double map) {}

  public static Result evaluate(List<VocImage> images, List<Detection> detections, int classes) {
    double[] ap = new double[classes];
    int[] objects = new int[classes];
    double sum = 0;
    int counted = 0;
    for (int c = 0; c < classes; c++) {
      final int label = c;
      List<Detection> mine =
          new ArrayList<>(detections.stream().filter(d -> d.label() == label).toList());
      mine.sort(Comparator.comparingDouble((Detection d) -> -d.score()));
      boolean[][] matched = new boolean[images.size()][];
      for (int i = 0; i < images.size(); i++) {
        matched[i] = new boolean[images.get(i).objects().size()];
        for (VocObject o : images.get(i).objects()) {
          if (o.label() == c && !o.difficult()) {
            objects[c]++;
          }
        }
      }
      List<Boolean> truePositive = new ArrayList<>();
      for (Detection d : mine) {
        List<VocObject> truth = images.get(d.image()).objects();
        int best = -1;
        double bestIou = 0.5;
        for (int k = 0; k < truth.size(); k++) {
          double iou = truth.get(k).label() == c ? truth.get(k).box().iou(d.box()) : 0;
          if (iou > bestIou) {
            bestIou = iou;
            best = k;
          }
        }
        if (best < 0) {
          truePositive.add(false);
        } else if (truth.get(best).difficult()) {
          continue; // neither right nor wrong
        } else if (matched[d.image()][best]) {
          truePositive.add(false);
        } else {
          matched[d.image()][best] = true;
          truePositive.add(true);
        }
      }
      if (objects[c] == 0) {
        ap[c] = Double.NaN;
        continue;
      }
      ap[c] = elevenPoint(truePositive, objects[c]);
      sum += ap[c];
      counted++;
    }
    return new Result(ap, objects, counted == 0 ? Double.NaN : sum / counted);
  }

  /** 11-point AP of a ranked list of hits against {@code positives} objects. */
  static double elevenPoint(List<Boolean> hits, int positives) {
    int n = hits.size();
    double[] recall = new double[n];
    double[] precision = new double[n];
    int tp = 0;
    for (int i = 0; i < n; i++) {
      tp += hits.get(i) ? 1 : 0;
      recall[i] = (double) tp / positives;
      precision[i] = (double) tp / (i + 1);
    }
    double ap = 0;
    for (int t = 0; t <= 10; t++) {
      double best = 0;
      for (int i = 0; i < n; i++) {
        // t * 0.1 as the devkit's np.arange(0, 1.1, 0.1) has it (0.30000000000000004, ...).
        if (recall[i] >= t * 0.1) {
          best = Math.max(best, precision[i]);
        }
      }
      ap += best / 11;
    }
    return ap;
  }
}

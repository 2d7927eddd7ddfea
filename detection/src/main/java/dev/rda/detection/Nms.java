package dev.rda.detection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** Greedy non-maximum suppression, as Faster R-CNN uses it for proposals and detections. */
public final class Nms {
  private Nms() {}

  /**
   * Indices of the boxes kept, best score first: a box is dropped when its IoU with an already kept
   * one exceeds {@code threshold}; at most {@code max} are kept. Equal scores keep input order.
   */
  public static int[] keep(Box[] boxes, float[] scores, double threshold, int max) {
    Integer[] order =
        IntStream.range(0, boxes.length)
            .boxed()
            .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]))
            .toArray(Integer[]::new);
    List<Integer> kept = new ArrayList<>();
    for (int i : order) {
      if (kept.size() == max) {
        break;
      }
      boolean suppressed = false;
      for (int k : kept) {
        if (boxes[i].iou(boxes[k]) > threshold) {
          suppressed = true;
          break;
        }
      }
      if (!suppressed) {
        kept.add(i);
      }
    }
    return kept.stream().mapToInt(Integer::intValue).toArray();
  }
}

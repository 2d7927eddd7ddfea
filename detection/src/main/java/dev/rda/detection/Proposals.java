package dev.rda.detection;

import java.util.ArrayList;
import java.util.List;

/** From the detector's dense outputs to boxes: RPN proposals, and final per-class detections. */
public final class Proposals {
  private Proposals() {}

  /**
   * One image's proposals: anchors moved by the RPN's deltas, clipped to the image, the {@code
   * preNms} highest objectness, NMS at {@code nms}, the {@code postNms} best.
   *
   * @param objectness [N, 2] softmax rows of the image, at {@code offset} rows into the array
   * @param deltas [N, 4] of the image, at the same offset
   */
  public static Box[] rpn(
      Box[] anchors,
      float[] objectness,
      float[] deltas,
      int offset,
      double width,
      double height,
      int preNms,
      int postNms,
      double nms) {
    int n = anchors.length;
    float[] score = new float[n];
    for (int a = 0; a < n; a++) {
      score[a] = objectness[2 * (offset + a) + 1];
    }
    int[] top = topK(score, preNms);
    Box[] boxes = new Box[top.length];
    float[] scores = new float[top.length];
    for (int i = 0; i < top.length; i++) {
      boxes[i] =
          BoxCoder.RPN.decode(anchors[top[i]], deltas, 4 * (offset + top[i])).clip(width, height);
      scores[i] = score[top[i]];
    }
    List<Box> kept = new ArrayList<>();
    for (int i : Nms.keep(boxes, scores, nms, postNms)) {
      if (boxes[i].width() >= 1 && boxes[i].height() >= 1) {
        kept.add(boxes[i]);
      }
    }
    return kept.toArray(Box[]::new);
  }

  /**
   * Detections of one image from the box head's outputs on its {@code rois} (rows {@code offset}
   * on): per class, boxes decoded from that class's deltas and clipped, scores above {@code
   * threshold}, NMS at {@code nms}; then the {@code max} best over all classes, in original image
   * pixels (divided by {@code scale}).
   */
  public static List<Detection> detections(
      int image,
      Box[] rois,
      float[] probabilities,
      float[] deltas,
      int offset,
      int classes,
      double width,
      double height,
      double scale,
      DetectionConfig.Head config) {
    List<Detection> all = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      List<Box> boxes = new ArrayList<>();
      List<Float> scores = new ArrayList<>();
      for (int r = 0; r < rois.length; r++) {
        float p = probabilities[(offset + r) * (classes + 1) + c + 1];
        if (p > config.scoreThreshold()) {
          boxes.add(
              BoxCoder.HEAD
                  .decode(rois[r], deltas, (offset + r) * 4 * classes + 4 * c)
                  .clip(width, height));
          scores.add(p);
        }
      }
      float[] s = new float[scores.size()];
      for (int i = 0; i < s.length; i++) {
        s[i] = scores.get(i);
      }
      Box[] b = boxes.toArray(Box[]::new);
      for (int i : Nms.keep(b, s, config.nms(), config.maxDetections())) {
        all.add(new Detection(image, c, b[i].scale(1 / scale), s[i]));
      }
    }
    all.sort((a, b) -> Float.compare(b.score(), a.score()));
    return List.copyOf(all.subList(0, Math.min(all.size(), config.maxDetections())));
  }

  /** Indices of the {@code k} highest scores, highest first. */
  static int[] topK(float[] score, int k) {
    return java.util.stream.IntStream.range(0, score.length)
        .boxed()
        .sorted((a, b) -> Float.compare(score[b], score[a]))
        .limit(k)
        .mapToInt(Integer::intValue)
        .toArray();
  }
}

package dev.rda.detection;

import java.util.ArrayList;
import java.util.List;

/** From the detector's dense outputs to boxes: RPN proposals, and final per-class detections. */
public final class Proposals {
  private Proposals() {}

  /** Boxes narrower or lower than this are dropped before NMS (torchvision's RPN min_size). */
  private static final double MIN_SIZE = 1e-3;

  /**
   * One image's proposals, as torchvision's RPN filters them: on each level, the {@code preNms}
   * anchors of highest objectness, moved by the RPN's deltas and clipped to the image, boxes under
   * {@link #MIN_SIZE} dropped, NMS at {@code nms} within the level; then the {@code postNms} best
   * of all levels, highest objectness first.
   *
   * @param objectness each anchor's probability of an object, the image's at {@code offset}
   * @param deltas [N, 4] per anchor, at the same offset (in anchors)
   */
  public static Box[] rpn(
      AnchorLevels anchors,
      float[] objectness,
      float[] deltas,
      int offset,
      double width,
      double height,
      int preNms,
      int postNms,
      double nms) {
    List<Box> kept = new ArrayList<>();
    List<Float> keptScores = new ArrayList<>();
    for (int l = 0; l < anchors.levels(); l++) {
      int from = anchors.starts()[l];
      float[] level =
          java.util.Arrays.copyOfRange(objectness, offset + from, offset + anchors.starts()[l + 1]);
      List<Box> boxes = new ArrayList<>();
      List<Float> scores = new ArrayList<>();
      for (int i : topK(level, preNms)) {
        int a = from + i;
        Box b =
            BoxCoder.RPN.decode(anchors.boxes()[a], deltas, 4 * (offset + a)).clip(width, height);
        if (b.width() >= MIN_SIZE && b.height() >= MIN_SIZE) {
          boxes.add(b);
          scores.add(level[i]);
        }
      }
      Box[] b = boxes.toArray(Box[]::new);
      float[] s = floats(scores);
      for (int i : Nms.keep(b, s, nms, b.length)) {
        kept.add(b[i]);
        keptScores.add(s[i]);
      }
    }
    int[] best = topK(floats(keptScores), postNms);
    Box[] out = new Box[best.length];
    for (int i = 0; i < best.length; i++) {
      out[i] = kept.get(best[i]);
    }
    return out;
  }

  private static float[] floats(List<Float> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
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
      float[] s = floats(scores);
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

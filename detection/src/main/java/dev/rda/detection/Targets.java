package dev.rda.detection;

import dev.rda.detection.Voc.VocObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Faster R-CNN's training targets, per image, from its non-difficult objects: which anchors the RPN
 * learns from and what, and which RoIs the box head learns from and what.
 */
public final class Targets {
  private Targets() {}

  /**
   * What one training step feeds, for a batch: every anchor's RPN label, weight and box target
   * (image after image), and the sampled RoIs with the image each comes from, its class (0:
   * background) and its box target and weights at the class's four slots.
   */
  record Step(
      float[] rpnLabels,
      float[] rpnWeights,
      float[] rpnTargets,
      List<Box> rois,
      int[] roiImages,
      int[] roiLabels,
      float[] roiTargets,
      float[] roiWeights) {}

  /**
   * The targets of {@code batch}: the RPN's over {@code anchors}, and RoIs sampled from each
   * image's {@code proposals} (by image index) for a head of {@code classes} classes.
   */
  static Step forBatch(
      Box[] anchors,
      List<Canvas> batch,
      java.util.function.IntFunction<Box[]> proposals,
      int classes,
      DetectionConfig config,
      Random random) {
    int b = batch.size();
    int n = anchors.length;
    float[] labels = new float[b * n];
    float[] weights = new float[b * n];
    float[] targets = new float[b * n * 4];
    List<Roi> sampled = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    for (int i = 0; i < b; i++) {
      Canvas c = batch.get(i);
      rpn(anchors, c.objects(), config.rpn(), random, labels, weights, targets, i * n);
      for (Roi roi : rois(proposals.apply(i), c.objects(), config.head(), random)) {
        sampled.add(roi);
        owners.add(i);
      }
    }
    int r = sampled.size();
    int[] roiLabels = new int[r];
    float[] roiTargets = new float[r * 4 * classes];
    float[] roiWeights = new float[r * 4 * classes];
    for (int k = 0; k < r; k++) {
      Roi roi = sampled.get(k);
      roiLabels[k] = roi.label();
      if (roi.label() > 0) {
        int at = k * 4 * classes + 4 * (roi.label() - 1);
        System.arraycopy(roi.target(), 0, roiTargets, at, 4);
        java.util.Arrays.fill(roiWeights, at, at + 4, 1f);
      }
    }
    return new Step(
        labels,
        weights,
        targets,
        sampled.stream().map(Roi::box).toList(),
        owners.stream().mapToInt(Integer::intValue).toArray(),
        roiLabels,
        roiTargets,
        roiWeights);
  }

  /**
   * Labels, sample weights and box targets of every anchor, written at {@code offset} (anchor
   * index) into the arrays. As in torchvision and mmdetection, anchors reaching outside the image
   * take part (Detectron ignored them, which leaves the large anchors of the top pyramid levels
   * untrained on small images). An anchor is positive with IoU >= positiveIou with an object, or as
   * the best anchor of an object; negative under negativeIou. At most positiveFraction of {@code
   * samples} positives and negatives to fill up are drawn at random; only drawn anchors have weight
   * 1, and only positive ones box targets.
   */
  public static void rpn(
      Box[] anchors,
      List<VocObject> objects,
      DetectionConfig.Rpn config,
      Random random,
      float[] labels,
      float[] weights,
      float[] targets,
      int offset) {
    List<Box> truth = nonDifficult(objects);
    int n = anchors.length;
    int[] state = new int[n]; // 1 positive, 0 negative, -1 ignored
    int[] match = new int[n];
    double[] bestOfObject = new double[truth.size()];
    double[][] iou = new double[n][];
    for (int a = 0; a < n; a++) {
      Box anchor = anchors[a];
      iou[a] = new double[truth.size()];
      double best = 0;
      for (int k = 0; k < truth.size(); k++) {
        iou[a][k] = anchor.iou(truth.get(k));
        bestOfObject[k] = Math.max(bestOfObject[k], iou[a][k]);
        if (iou[a][k] > best) {
          best = iou[a][k];
          match[a] = k;
        }
      }
      state[a] = best >= config.positiveIou() ? 1 : best < config.negativeIou() ? 0 : -1;
    }
    for (int a = 0; a < n; a++) {
      for (int k = 0; iou[a] != null && k < truth.size(); k++) {
        if (bestOfObject[k] > 0 && iou[a][k] == bestOfObject[k]) {
          state[a] = 1;
          match[a] = k;
        }
      }
    }
    List<Integer> positives = indicesWith(state, 1);
    List<Integer> negatives = indicesWith(state, 0);
    int takePositive =
        Math.min(positives.size(), (int) (config.samples() * config.positiveFraction()));
    int takeNegative = Math.min(negatives.size(), config.samples() - takePositive);
    Collections.shuffle(positives, random);
    Collections.shuffle(negatives, random);
    for (int a : positives.subList(0, takePositive)) {
      labels[offset + a] = 1;
      weights[offset + a] = 1;
      float[] t = BoxCoder.RPN.encode(anchors[a], truth.get(match[a]));
      System.arraycopy(t, 0, targets, 4 * (offset + a), 4);
    }
    for (int a : negatives.subList(0, takeNegative)) {
      weights[offset + a] = 1;
    }
  }

  /** A RoI the box head learns from: its class (0 = background) and box target. */
  public record Roi(Box box, int label, float[] target) {}

  /**
   * RoIs for the box head: the proposals and the objects themselves, foreground with IoU >=
   * foregroundIou (label = class + 1, box target to the object), background otherwise; at most
   * foregroundFraction of {@code samples} foreground, background to fill up, drawn at random.
   */
  public static List<Roi> rois(
      Box[] proposals, List<VocObject> objects, DetectionConfig.Head config, Random random) {
    List<VocObject> truth = objects.stream().filter(o -> !o.difficult()).toList();
    List<Box> candidates = new ArrayList<>(List.of(proposals));
    truth.forEach(o -> candidates.add(o.box()));
    List<Roi> foreground = new ArrayList<>();
    List<Roi> background = new ArrayList<>();
    for (Box c : candidates) {
      int best = -1;
      double bestIou = 0;
      for (int k = 0; k < truth.size(); k++) {
        double iou = c.iou(truth.get(k).box());
        if (iou > bestIou) {
          bestIou = iou;
          best = k;
        }
      }
      if (best >= 0 && bestIou >= config.foregroundIou()) {
        VocObject o = truth.get(best);
        foreground.add(new Roi(c, o.label() + 1, BoxCoder.HEAD.encode(c, o.box())));
      } else {
        background.add(new Roi(c, 0, null));
      }
    }
    Collections.shuffle(foreground, random);
    Collections.shuffle(background, random);
    int fg = Math.min(foreground.size(), (int) (config.samples() * config.foregroundFraction()));
    int bg = Math.min(background.size(), config.samples() - fg);
    List<Roi> out = new ArrayList<>(foreground.subList(0, fg));
    out.addAll(background.subList(0, bg));
    return out;
  }

  private static List<Box> nonDifficult(List<VocObject> objects) {
    return objects.stream().filter(o -> !o.difficult()).map(VocObject::box).toList();
  }

  private static List<Integer> indicesWith(int[] state, int value) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < state.length; i++) {
      if (state[i] == value) {
        out.add(i);
      }
    }
    return out;
  }
}

package dev.rda.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.detection.Voc.VocObject;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TargetsTest {
  private static final DetectionConfig.Rpn RPN =
      new DetectionConfig.Rpn(8, 4, 0.5, 0.7, 0.3, 10, 5, 10, 5, 0.7);

  @Test
  void rpnLabelsFollowIouAndTheBestAnchorOfEachObjectIsPositive() {
    Box[] anchors = {
      new Box(0, 0, 10, 10), // IoU 0.81 with the object: positive
      new Box(0, 0, 20, 20), // IoU 0.2025: negative
      new Box(30, 30, 40, 40), // IoU 0: negative
      new Box(-5, 0, 5, 10), // reaches outside the image, IoU 45 / 136 = 0.33: neither
      new Box(2, 2, 9, 9), // IoU 49 / 81 = 0.6: neither (0.3 .. 0.7)
      new Box(30, 0, 40, 10), // IoU 0 with the first object, best anchor of the second (0.49)
    };
    List<VocObject> objects =
        List.of(
            new VocObject(2, new Box(0, 0, 9, 9), false),
            new VocObject(3, new Box(33, 0, 43, 10), false),
            new VocObject(4, new Box(0, 30, 10, 40), true)); // difficult: not a target
    float[] labels = new float[anchors.length];
    float[] weights = new float[anchors.length];
    float[] targets = new float[4 * anchors.length];
    DetectionConfig.Rpn all = new DetectionConfig.Rpn(8, 100, 0.5, 0.7, 0.3, 10, 5, 10, 5, 0.7);
    Targets.rpn(anchors, objects, all, new Random(0), labels, weights, targets, 0);
    assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1}, labels);
    assertArrayEquals(new float[] {1, 1, 1, 0, 0, 1}, weights);
    assertArrayEquals(
        BoxCoder.RPN.encode(anchors[5], objects.get(1).box()),
        java.util.Arrays.copyOfRange(targets, 20, 24));
  }

  @Test
  void rpnSamplingKeepsTheBudgetAndThePositiveShare() {
    Box[] anchors = Anchors.grid(8, 8, 8, List.of(8, 16), List.of(1.0));
    List<VocObject> objects = List.of(new VocObject(0, new Box(8, 8, 24, 24), false));
    float[] labels = new float[anchors.length];
    float[] weights = new float[anchors.length];
    Targets.rpn(
        anchors, objects, RPN, new Random(3), labels, weights, new float[4 * anchors.length], 0);
    double sampled = 0;
    double positive = 0;
    for (int i = 0; i < anchors.length; i++) {
      sampled += weights[i];
      positive += labels[i];
      assertTrue(labels[i] == 0 || weights[i] == 1);
    }
    assertEquals(4, sampled);
    assertTrue(positive >= 1 && positive <= 2, "positives " + positive);
  }

  @Test
  void roisIncludeTheObjectsAndRespectTheForegroundShare() {
    DetectionConfig.Head head = new DetectionConfig.Head(2, 2, 8, 8, 0.25, 0.5, 0.05, 0.3, 10);
    Box object = new Box(10, 10, 30, 30);
    Box[] proposals = {
      new Box(10, 10, 30, 28), // IoU 0.9: foreground
      new Box(12, 10, 30, 30), // 0.9: foreground
      new Box(50, 50, 60, 60), // background
      new Box(0, 0, 20, 20), // IoU 0.14: background
    };
    List<Targets.Roi> rois =
        Targets.rois(proposals, List.of(new VocObject(6, object, false)), head, new Random(1));
    // 3 foreground candidates (2 proposals + the object), at most 8 * 0.25 = 2 taken; 2 background.
    assertEquals(4, rois.size());
    assertEquals(2, rois.stream().filter(r -> r.label() == 7).count());
    assertEquals(2, rois.stream().filter(r -> r.label() == 0).count());
    for (Targets.Roi r : rois) {
      if (r.label() > 0) {
        assertArrayEquals(BoxCoder.HEAD.encode(r.box(), object), r.target());
      }
    }
  }
}

package dev.rda.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.detection.Voc.VocImage;
import dev.rda.detection.Voc.VocObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** VOC07 AP on cases computed by hand. */
class VocEvalTest {
  private static final Box A = new Box(0, 0, 10, 10);
  private static final Box B = new Box(20, 20, 30, 30);
  private static final Box C = new Box(40, 0, 50, 10);

  private static VocImage image(VocObject... objects) {
    return new VocImage("x", Path.of("x.jpg"), 100, 100, List.of(objects));
  }

  private static Detection det(int image, Box box, double score) {
    return new Detection(image, 0, box, (float) score);
  }

  @Test
  void perfectDetectionsScoreOne() {
    List<VocImage> images =
        List.of(image(new VocObject(0, A, false)), image(new VocObject(0, B, false)));
    VocEval.Result r = VocEval.evaluate(images, List.of(det(0, A, 0.9), det(1, B, 0.8)), 20);
    assertEquals(1.0, r.ap()[0], 1e-12);
    assertEquals(1.0, r.map(), 1e-12);
    assertTrue(Double.isNaN(r.ap()[1])); // no objects of class 1: not counted
    assertEquals(2, r.objects()[0]);
  }

  @Test
  void aDuplicateIsAFalsePositiveAndRankingMatters() {
    // Two objects; ranked: hit A (0.9), duplicate of A (0.8), hit B (0.7).
    // Precision/recall: (1, 1/2), (1/2, 1/2), (2/3, 1). 11-point: recall <= 0.5 -> best precision
    // 1 (six points: 0, .1, .., .5); recall .6 .. 1 -> 2/3 (five points). AP = (6 + 5 * 2/3) / 11.
    List<VocImage> images = List.of(image(new VocObject(0, A, false), new VocObject(0, B, false)));
    VocEval.Result r =
        VocEval.evaluate(
            images, List.of(det(0, A, 0.9), det(0, new Box(0, 0, 10, 9), 0.8), det(0, B, 0.7)), 20);
    assertEquals((6 + 5 * 2.0 / 3) / 11, r.ap()[0], 1e-12);
  }

  @Test
  void difficultObjectsNeitherCountNorPunish() {
    // A is difficult: detecting it is ignored, missing it costs nothing. B found, C missed.
    // Ranked (after dropping the ignored one): hit B (0.8), miss (0.6, nothing there).
    // Recall 1/2 at precision 1: points 0 .. 0.5 -> 1; above -> 0. AP = 6/11.
    List<VocImage> images =
        List.of(
            image(new VocObject(0, A, true), new VocObject(0, B, false)),
            image(new VocObject(0, C, false)));
    VocEval.Result r =
        VocEval.evaluate(
            images,
            List.of(det(0, A, 0.9), det(0, B, 0.8), det(1, new Box(60, 60, 70, 70), 0.6)),
            20);
    assertEquals(2, r.objects()[0]);
    assertEquals(6.0 / 11, r.ap()[0], 1e-12);
  }

  @Test
  void aMatchNeedsIouAboveHalfAndTheRightClassAndImage() {
    List<VocImage> images = List.of(image(new VocObject(0, A, false)), image());
    // IoU exactly 0.5 (box of 10x10 against one of 10x20 that contains it) is not a match.
    Box half = new Box(0, 0, 10, 20);
    assertEquals(0.5, half.iou(A), 1e-12);
    assertEquals(0.0, VocEval.evaluate(images, List.of(det(0, half, 0.9)), 20).ap()[0], 1e-12);
    // The right box in the wrong image, or with the wrong class, misses too.
    assertEquals(0.0, VocEval.evaluate(images, List.of(det(1, A, 0.9)), 20).ap()[0], 1e-12);
    assertEquals(
        0.0, VocEval.evaluate(images, List.of(new Detection(0, 1, A, 0.9f)), 20).ap()[0], 1e-12);
  }

  @Test
  void theMeanIsOverClassesWithObjects() {
    List<VocImage> images = List.of(image(new VocObject(0, A, false), new VocObject(3, B, false)));
    VocEval.Result r =
        VocEval.evaluate(images, List.of(det(0, A, 0.9)), 20); // class 3 missed entirely
    assertEquals(1.0, r.ap()[0], 1e-12);
    assertEquals(0.0, r.ap()[3], 1e-12);
    assertEquals(0.5, r.map(), 1e-12);
  }
}

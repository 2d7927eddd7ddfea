package dev.rda.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** IoU, box coding, anchors and NMS on hand-made cases. */
class BoxesTest {

  @Test
  void iouOfHandMadeBoxes() {
    Box a = new Box(0, 0, 10, 10);
    assertEquals(1.0, a.iou(a));
    assertEquals(50.0 / 150, a.iou(new Box(5, 0, 15, 10)), 1e-12);
    assertEquals(25.0 / 175, a.iou(new Box(5, 5, 15, 15)), 1e-12);
    assertEquals(0.0, a.iou(new Box(10, 0, 20, 10))); // touching edges share no area
    assertEquals(0.0, a.iou(new Box(3, 3, 3, 8))); // no area
    // VOC's inclusive corners 1..10 and 6..15 overlap in 5 of 10 columns, as the devkit counts.
    assertEquals(5.0 / 15, new Box(0, 0, 10, 1).iou(new Box(5, 0, 15, 1)), 1e-12);
  }

  @Test
  void boxCodingRoundTrips() {
    Random random = new Random(1);
    for (BoxCoder coder : List.of(BoxCoder.RPN, BoxCoder.HEAD)) {
      for (int i = 0; i < 200; i++) {
        Box reference = randomBox(random);
        Box target = randomBox(random);
        float[] deltas = coder.encode(reference, target);
        Box back = coder.decode(reference, deltas, 0);
        assertEquals(target.x1(), back.x1(), 1e-3);
        assertEquals(target.y1(), back.y1(), 1e-3);
        assertEquals(target.x2(), back.x2(), 1e-3);
        assertEquals(target.y2(), back.y2(), 1e-3);
      }
    }
    // A box twice as wide whose centre is half the reference's width to the right.
    assertArrayEquals(
        new float[] {5f, 0f, (float) (5 * Math.log(2)), 0f},
        BoxCoder.HEAD.encode(new Box(0, 0, 10, 10), new Box(0, 0, 20, 10)),
        1e-6f);
  }

  @Test
  void anchorsSitOnCellCornersWithTheirSizeAndRatioRatioMajor() {
    Box[] anchors = Anchors.grid(2, 3, 16, List.of(32, 64), List.of(0.5, 1.0, 2.0));
    assertEquals(2 * 3 * 6, anchors.length);
    // Row 1, column 2, ratio 2 (height / width), size 64: index ((1 * 3) + 2) * 6 + 2 * 2 + 1.
    Box a = anchors[(1 * 3 + 2) * 6 + 5];
    assertEquals(2 * 16, (a.x1() + a.x2()) / 2, 1e-9); // torchvision: cell c at c * stride
    assertEquals(1 * 16, (a.y1() + a.y2()) / 2, 1e-9);
    // Sides rounded to whole pixels: 64 / sqrt(2) = 45.25 -> 2 * 23, 64 sqrt(2) = 90.5 -> 2 * 45.
    assertEquals(new Box(32 - 23, 16 - 45, 32 + 23, 16 + 45), a);
    assertEquals(new Box(-16, -16, 16, 16), anchors[2]); // ratio 1, size 32
  }

  @Test
  void nmsKeepsTheBestOfEachOverlappingGroup() {
    Box[] boxes = {
      new Box(0, 0, 10, 10), // 0.9
      new Box(1, 0, 11, 10), // 0.8: IoU 0.818 with the first -> dropped
      new Box(20, 20, 30, 30), // 0.7
      new Box(5, 0, 15, 10), // 0.95: IoU 1/3 with the first, 0.667 with the second
      new Box(21, 20, 31, 30) // 0.7: equal score, later -> dropped by the third
    };
    float[] scores = {0.9f, 0.8f, 0.7f, 0.95f, 0.7f};
    assertArrayEquals(new int[] {3, 0, 2}, Nms.keep(boxes, scores, 0.5, 10));
    // The two dropped boxes overlap their keepers by 0.818: dropped at 0.7, kept at 0.9.
    assertArrayEquals(new int[] {3, 0, 2}, Nms.keep(boxes, scores, 0.7, 10));
    assertArrayEquals(new int[] {3, 0, 1, 2, 4}, Nms.keep(boxes, scores, 0.9, 10));
    assertArrayEquals(new int[] {3, 0}, Nms.keep(boxes, scores, 0.5, 2));
    assertArrayEquals(new int[] {}, Nms.keep(new Box[0], new float[0], 0.5, 2));
  }

  private static Box randomBox(Random r) {
    double x = r.nextDouble() * 100;
    double y = r.nextDouble() * 100;
    return new Box(x, y, x + 1 + r.nextDouble() * 80, y + 1 + r.nextDouble() * 80);
  }
}

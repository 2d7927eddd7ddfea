package dev.rda.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** AutoAugment's operations on small images, against values worked out by hand. */
class AutoAugmentOpTest {

  private static float[] run(AutoAugmentOp op, double level, float[][][] image) {
    try (GraphRunner g = new GraphRunner()) {
      Operand<TFloat32> px = g.tf.constant(image);
      Draws d = new Draws(g.tf.constant(1f), g.tf.constant(new int[] {0, 0}), px);
      return g.flat(op.apply(g.tf, px, level, d, new float[] {128}));
    }
  }

  private static float[][][] row(float... values) {
    float[][][] img = new float[1][values.length][1];
    for (int i = 0; i < values.length; i++) {
      img[0][i][0] = values[i];
    }
    return img;
  }

  private static float[][][] counts(int... valueCount) {
    float[][][] img = new float[16][32][1];
    int i = 0;
    for (int k = 0; k < valueCount.length; k += 2) {
      for (int n = 0; n < valueCount[k + 1]; n++, i++) {
        img[i / 32][i % 32][0] = valueCount[k];
      }
    }
    return img;
  }

  @Test
  void pointOperations() {
    float[][][] img = row(0, 63, 100, 128, 200, 255);
    assertArrayEquals(new float[] {255, 192, 155, 127, 55, 0}, run(AutoAugmentOp.INVERT, 0, img));
    // Level 5: 4 - int(2.0) = 2 bits kept.
    assertArrayEquals(new float[] {0, 0, 64, 128, 192, 192}, run(AutoAugmentOp.POSTERIZE, 5, img));
    // Level 5: threshold 256 - int(128.0) = 128; values at or above it are inverted.
    assertArrayEquals(new float[] {0, 63, 100, 127, 55, 0}, run(AutoAugmentOp.SOLARIZE, 5, img));
    // Level 0: threshold 256, nothing changes.
    assertArrayEquals(new float[] {0, 63, 100, 128, 200, 255}, run(AutoAugmentOp.SOLARIZE, 0, img));
  }

  @Test
  void autoContrastStretchesTheRangeAndTruncates() {
    // lo 60, hi 180: scale 255 / 120 = 2.125; 70 -> 21.25 -> 21, 80 -> 42.5 -> 42.
    assertArrayEquals(
        new float[] {0, 21, 42, 255}, run(AutoAugmentOp.AUTO_CONTRAST, 0, row(60, 70, 80, 180)));
    assertArrayEquals(new float[] {90, 90}, run(AutoAugmentOp.AUTO_CONTRAST, 0, row(90, 90)));
  }

  @Test
  void equalizeFollowsPilsCumulativeRule() {
    // 512 pixels: 200 of 10, 200 of 50, 112 of 90. step = (512 - 112) // 255 = 1, and value v
    // maps to the count below it: 10 -> 0, 50 -> 200, 90 -> 400, clipped to 255.
    float[] out = run(AutoAugmentOp.EQUALIZE, 0, counts(10, 200, 50, 200, 90, 112));
    assertEquals(0f, out[0]);
    assertEquals(200f, out[200]);
    assertEquals(255f, out[511]);
    // Too few pixels for a step of 1: unchanged.
    assertArrayEquals(
        new float[] {0, 0, 100, 200}, run(AutoAugmentOp.EQUALIZE, 0, row(0, 0, 100, 200)));
  }

  @Test
  void enhanceAtFactorOneAndGeometryAtLevelZeroAreIdentities() {
    Random r = new Random(1);
    float[][][] img = new float[6][7][3];
    for (float[][] rowPx : img) {
      for (float[] px : rowPx) {
        for (int c = 0; c < 3; c++) {
          px[c] = r.nextInt(256);
        }
      }
    }
    float[] original = run(AutoAugmentOp.SOLARIZE, 0, img);
    // Level 5: factor 5 * 0.18 + 0.1 = 1.
    assertEquals(1f, AutoAugmentOp.enhanceFactor(5));
    for (AutoAugmentOp op :
        new AutoAugmentOp[] {
          AutoAugmentOp.CONTRAST,
          AutoAugmentOp.COLOR,
          AutoAugmentOp.BRIGHTNESS,
          AutoAugmentOp.SHARPNESS
        }) {
      assertArrayEquals(original, run(op, 5, img), op.paperName());
    }
    for (AutoAugmentOp op :
        new AutoAugmentOp[] {
          AutoAugmentOp.SHEAR_X,
          AutoAugmentOp.SHEAR_Y,
          AutoAugmentOp.TRANSLATE_X,
          AutoAugmentOp.TRANSLATE_Y,
          AutoAugmentOp.ROTATE,
          AutoAugmentOp.CUTOUT,
          AutoAugmentOp.SAMPLE_PAIRING
        }) {
      assertArrayEquals(original, run(op, 0, img), op.paperName());
    }
  }

  @Test
  void namesAreThePapers() {
    assertEquals(AutoAugmentOp.TRANSLATE_X, AutoAugmentOp.byName("TranslateX"));
    assertEquals(AutoAugmentOp.AUTO_CONTRAST, AutoAugmentOp.byName("auto-contrast"));
    assertEquals(16, AutoAugmentOp.values().length);
    assertThrows(IllegalArgumentException.class, () -> AutoAugmentOp.byName("Twist"));
  }
}

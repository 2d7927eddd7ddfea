package dev.rda.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

class SampleAugmentationTest {
  private static final int H = 5;
  private static final int W = 6;

  private static float[][][] ramp() {
    float[][][] img = new float[H][W][1];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        img[y][x][0] = 1 + y * W + x;
      }
    }
    return img;
  }

  @Test
  void flipWithProbabilityOneMirrorsAndZeroKeeps() {
    try (GraphRunner g = new GraphRunner()) {
      Operand<TFloat32> img = g.tf.constant(ramp());
      float[] mirrored =
          g.flat(
              new HorizontalFlip(1)
                  .apply(g.tf, img, g.tf.constant(1f), g.tf.constant(new long[] {1, 2})));
      float[] kept =
          g.flat(
              new HorizontalFlip(0)
                  .apply(g.tf, img, g.tf.constant(1f), g.tf.constant(new long[] {1, 2})));
      float[] original = g.flat(img);
      assertArrayEquals(original, kept);
      for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
          assertEquals(original[y * W + (W - 1 - x)], mirrored[y * W + x]);
        }
      }
    }
  }

  @Test
  void padCropIsAShiftedWindowWithZerosOutside() {
    try (GraphRunner g = new GraphRunner()) {
      Operand<TFloat32> img = g.tf.constant(ramp());
      float[] original = g.flat(img);
      boolean sawShift = false;
      for (long s = 0; s < 20; s++) {
        float[] out =
            g.flat(
                new PadCrop(2)
                    .apply(g.tf, img, g.tf.constant(1f), g.tf.constant(new long[] {s, 7})));
        assertEquals(H * W, out.length);
        // Find the shift from any non-zero pixel, then check every pixel against it.
        int dy = Integer.MIN_VALUE;
        int dx = 0;
        for (int i = 0; i < out.length && dy == Integer.MIN_VALUE; i++) {
          if (out[i] != 0) {
            int v = (int) out[i] - 1;
            dy = v / W - i / W;
            dx = v % W - i % W;
          }
        }
        assertTrue(Math.abs(dy) <= 2 && Math.abs(dx) <= 2);
        sawShift |= dy != 0 || dx != 0;
        for (int y = 0; y < H; y++) {
          for (int x = 0; x < W; x++) {
            int sy = y + dy;
            int sx = x + dx;
            float expected = (sy >= 0 && sy < H && sx >= 0 && sx < W) ? original[sy * W + sx] : 0f;
            assertEquals(expected, out[y * W + x], "pixel " + y + "," + x + " seed " + s);
          }
        }
      }
      assertTrue(sawShift);
    }
  }

  @Test
  void registryParsesNamesAndRejectsUnknowns() {
    assertEquals(new PadCrop(3), Augmentations.sample("pad-crop(pad=3)"));
    assertEquals(new HorizontalFlip(0.5), Augmentations.sample("hflip"));
    assertEquals(new Mixup(0.4), Augmentations.batch("mixup(gamma=0.4)"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Augmentations.sample("rotate"));
    assertTrue(e.getMessage().contains("unknown per-sample augmentation 'rotate'"));
    e = assertThrows(IllegalArgumentException.class, () -> Augmentations.batch("mixup(alpha=1)"));
    assertTrue(e.getMessage().contains("has no parameter 'alpha'"));
    assertThrows(IllegalArgumentException.class, () -> Augmentations.batch("mixup(gamma=0)"));
  }
}

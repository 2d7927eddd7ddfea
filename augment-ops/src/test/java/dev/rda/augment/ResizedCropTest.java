package dev.rda.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** ImageNet-style crops: identity at their limits, real crops of the image otherwise. */
class ResizedCropTest {
  private static final int S = 8;

  /** Pixel (y, x) = y * 8 + x: every resampled value tells where it came from. */
  private static float[][][][] ramps(int n) {
    float[][][][] b = new float[n][S][S][1];
    for (int i = 0; i < n; i++) {
      for (int y = 0; y < S; y++) {
        for (int x = 0; x < S; x++) {
          b[i][y][x][0] = y * S + x;
        }
      }
    }
    return b;
  }

  @Test
  void wholeImageCropsAreTheIdentity() {
    try (GraphRunner g = new GraphRunner()) {
      Operand<TFloat32> batch = g.tf.constant(ramps(3));
      float[] original = g.flat(batch);
      float[] full =
          g.flat(
              new RandomResizedCrop(1, 1, 1)
                  .applyToBatch(g.tf, batch, g.tf.constant(1f), g.tf.constant(new long[] {1, 2})));
      float[] centre =
          g.flat(
              new CenterCrop(1)
                  .applyToBatch(g.tf, batch, g.tf.constant(1f), g.tf.constant(new long[] {1, 2})));
      assertArrayEquals(original, full, 1e-4f);
      assertArrayEquals(original, centre, 1e-4f);
    }
  }

  @Test
  void randomCropsAreAxisAlignedWindowsResampledToFullSize() {
    try (GraphRunner g = new GraphRunner()) {
      int n = 64;
      float[] out =
          g.flat(
              new RandomResizedCrop(0.08, 0.75, 4.0 / 3)
                  .applyToBatch(
                      g.tf,
                      g.tf.constant(ramps(n)),
                      g.tf.constant(1f),
                      g.tf.constant(new long[] {5, 6})));
      Set<String> windows = new HashSet<>();
      for (int i = 0; i < n; i++) {
        // Bilinear resampling of y * 8 + x is linear: along a row, x steps are constant,
        // along a column, y steps are constant; the corners give the window.
        float[] img = new float[S * S];
        System.arraycopy(out, i * S * S, img, 0, S * S);
        float dx = img[1] - img[0];
        float dy = img[S] - img[0];
        for (int y = 0; y < S; y++) {
          for (int x = 0; x < S; x++) {
            assertEquals(img[0] + x * dx + y * dy, img[y * S + x], 1e-3, "image " + i);
          }
        }
        float top = (float) Math.floor(img[0] / S);
        float left = img[0] - top * S;
        float height = dy / S * (S - 1) + 1;
        float width = dx * (S - 1) + 1;
        assertTrue(
            top >= 0 && left >= 0 && top + height <= S + 1e-3 && left + width <= S + 1e-3,
            "window inside the image: " + top + "," + left + " " + height + "x" + width);
        float ratio = width / height;
        assertTrue(ratio > 0.5 && ratio < 2, "ratio " + ratio); // rounding widens 3/4..4/3 a little
        windows.add(top + "," + left + "," + height + "," + width);
      }
      assertTrue(windows.size() > 10, "crops differ between images: " + windows.size());
    }
  }

  @Test
  void centreCropTakesTheMiddle() {
    try (GraphRunner g = new GraphRunner()) {
      float[] out =
          g.flat(
              new CenterCrop(0.5)
                  .applyToBatch(
                      g.tf,
                      g.tf.constant(ramps(1)),
                      g.tf.constant(1f),
                      g.tf.constant(new long[] {0, 0})));
      // The central 4x4 of 8x8 starts at (2, 2) = 18 and ends at (5, 5) = 45.
      assertEquals(18f, out[0], 1e-4);
      assertEquals(45f, out[S * S - 1], 1e-4);
    }
  }
}

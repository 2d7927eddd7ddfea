package dev.rda.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class FashionMnistTest {
  @TempDir Path dir;

  /** Writes a Fashion-MNIST layout of n train / m test images of size h x w; label = i % 10. */
  public static void writeFake(Path dir, int n, int m, int h, int w, boolean gzip)
      throws IOException {
    String ext = gzip ? ".gz" : "";
    for (String split : new String[] {"train", "t10k"}) {
      int count = split.equals("train") ? n : m;
      byte[] pixels = new byte[count * h * w];
      byte[] labels = new byte[count];
      for (int i = 0; i < count; i++) {
        labels[i] = (byte) (i % 10);
        for (int p = 0; p < h * w; p++) {
          pixels[i * h * w + p] = (byte) (labels[i] * 20 + p % 7);
        }
      }
      IdxFile.write(
          dir.resolve(split + "-images-idx3-ubyte" + ext), new int[] {count, h, w}, pixels);
      IdxFile.write(dir.resolve(split + "-labels-idx1-ubyte" + ext), new int[] {count}, labels);
    }
  }

  @Test
  void loadsGzipAndPlainLayouts() throws IOException {
    for (boolean gzip : new boolean[] {true, false}) {
      Path d = Files.createDirectory(dir.resolve("gz" + gzip));
      writeFake(d, 30, 20, 5, 6, gzip);
      assertTrue(FashionMnist.present(d));
      Splits<ImageSet> s = FashionMnist.load(d);
      assertEquals(30, s.train().size());
      assertEquals(20, s.test().size());
      assertEquals(5, s.train().height());
      assertEquals(6, s.train().width());
      assertEquals(7, s.train().labels()[17]);
      assertEquals((byte) (7 * 20 + 3), s.train().pixels()[17 * 30 + 3]);
    }
  }

  @Test
  void labelOutOfRangeIsReportedWithFileAndIndex() throws IOException {
    writeFake(dir, 10, 10, 2, 2, false);
    byte[] labels = new byte[10];
    labels[4] = 12;
    Path f = dir.resolve("t10k-labels-idx1-ubyte");
    IdxFile.write(f, new int[] {10}, labels);
    BadInputException e = assertThrows(BadInputException.class, () -> FashionMnist.load(dir));
    assertEquals(f + ": label 12 at index 4 is outside 0..9", e.getMessage());
  }

  @Test
  void countMismatchAndMissingFiles() throws IOException {
    writeFake(dir, 10, 10, 2, 2, false);
    IdxFile.write(dir.resolve("train-labels-idx1-ubyte"), new int[] {9}, new byte[9]);
    BadInputException e = assertThrows(BadInputException.class, () -> FashionMnist.load(dir));
    assertTrue(e.getMessage().contains("9 labels for 10 images"), e.getMessage());

    Files.delete(dir.resolve("t10k-images-idx3-ubyte"));
    assertFalse(FashionMnist.present(dir));
    BadInputException missing =
        assertThrows(BadInputException.class, () -> FashionMnist.load(dir.resolve("nope")));
    assertTrue(missing.getMessage().contains("dataset directory not found"));
  }

  @Test
  void subsetIsFixedBySeedAndStatisticsAreRight() {
    byte[] px = new byte[100];
    int[] labels = new int[100];
    for (int i = 0; i < 100; i++) {
      px[i] = (byte) i;
      labels[i] = i % 10;
    }
    ImageSet set = new ImageSet(px, labels, 1, 1, 1, 10);
    ImageSet a = set.randomSubset(10, 3);
    ImageSet b = set.randomSubset(10, 3);
    assertArrayEquals(a.pixels(), b.pixels());
    assertFalse(java.util.Arrays.equals(a.pixels(), set.randomSubset(10, 4).pixels()));
    for (int i = 0; i < 10; i++) {
      assertEquals(a.pixels()[i] % 10, a.labels()[i]); // labels travel with their images
    }
    Normalization n = set.statistics();
    assertEquals(49.5 / 255, n.mean()[0], 1e-6);
    assertEquals(Math.sqrt((100 * 100 - 1) / 12.0) / 255, n.std()[0], 1e-6);
  }
}

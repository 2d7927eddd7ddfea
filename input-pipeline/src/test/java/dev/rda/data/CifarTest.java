package dev.rda.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarTest {
  @TempDir Path dir;

  /** n records; record i has label(s) i % classes and pixel (plane c, p) = i + 7c + p. */
  private static byte[] records(int n, int labelBytes, int classes) {
    int size = labelBytes + 3072;
    byte[] out = new byte[n * size];
    for (int i = 0; i < n; i++) {
      for (int b = 0; b < labelBytes; b++) {
        out[i * size + b] = (byte) ((i + b) % classes);
      }
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < 1024; p++) {
          out[i * size + labelBytes + c * 1024 + p] = (byte) (i + 7 * c + p);
        }
      }
    }
    return out;
  }

  @Test
  void readsCifar10BatchesInOrderAsHwc() throws IOException {
    for (int k = 1; k <= 5; k++) {
      Files.write(dir.resolve("data_batch_" + k + ".bin"), records(3, 1, 10));
    }
    Files.write(dir.resolve("test_batch.bin"), records(4, 1, 10));
    Splits<ImageSet> s = Datasets.loadInMemory("cifar10", dir);
    assertEquals(15, s.train().size());
    assertEquals(4, s.test().size());
    assertEquals(3, s.train().channels());
    assertEquals(2, s.train().labels()[5]); // record 2 of the second batch
    // Image 1 of the test split, pixel (row 0, column 5), green channel: 1 + 7 + 5.
    assertEquals((byte) 13, s.test().pixels()[1 * 3072 + 5 * 3 + 1]);
  }

  @Test
  void readsCifar100FineLabelsAndRejectsBadFiles() throws IOException {
    Files.write(dir.resolve("train.bin"), records(5, 2, 100));
    Files.write(dir.resolve("test.bin"), records(2, 2, 100));
    Splits<ImageSet> s = Datasets.loadInMemory("cifar100", dir);
    assertEquals(100, s.train().classes());
    assertEquals(4, s.train().labels()[3]); // fine label = (3 + 1) % 100

    byte[] cut = Arrays.copyOf(records(2, 2, 100), 3074 + 100);
    Files.write(dir.resolve("test.bin"), cut);
    BadInputException e =
        assertThrows(BadInputException.class, () -> Datasets.loadInMemory("cifar100", dir));
    assertTrue(
        e.getMessage().contains("test.bin: truncated CIFAR records: 3174 bytes"), e.getMessage());

    byte[] bad = records(2, 2, 100);
    bad[3074 + 1] = (byte) 120;
    Files.write(dir.resolve("test.bin"), bad);
    e = assertThrows(BadInputException.class, () -> Datasets.loadInMemory("cifar100", dir));
    assertTrue(
        e.getMessage().endsWith("test.bin: label 120 in record 1 is outside 0..99"),
        e.getMessage());

    Files.delete(dir.resolve("train.bin"));
    e = assertThrows(BadInputException.class, () -> Datasets.loadInMemory("cifar100", dir));
    assertTrue(e.getMessage().endsWith("train.bin: file not found"), e.getMessage());
  }
}

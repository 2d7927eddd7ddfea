package dev.rda.data;

import dev.rda.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 and CIFAR-100 in their binary versions: CIFAR-10 is {@code data_batch_1..5.bin} and
 * {@code test_batch.bin}, records of 1 label byte + 3,072 pixel bytes; CIFAR-100 is {@code
 * train.bin} and {@code test.bin}, records of a coarse and a fine label byte + 3,072 pixel bytes
 * (the fine label is used). Pixels are stored as red, green and blue 32x32 planes and are returned
 * in HWC order.
 */
public final class Cifar {
  private Cifar() {}

  private static final int SIDE = 32;
  private static final int PIXELS = SIDE * SIDE * 3;

  public static Splits<ImageSet> load10(Path dir) {
    requireDir(dir);
    List<Path> train = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      train.add(dir.resolve("data_batch_" + i + ".bin"));
    }
    return new Splits<>(
        read(train, 1, 0, 10), read(List.of(dir.resolve("test_batch.bin")), 1, 0, 10));
  }

  public static Splits<ImageSet> load100(Path dir) {
    requireDir(dir);
    return new Splits<>(
        read(List.of(dir.resolve("train.bin")), 2, 1, 100),
        read(List.of(dir.resolve("test.bin")), 2, 1, 100));
  }

  private static void requireDir(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new BadInputException(dir, "dataset directory not found");
    }
  }

  private static ImageSet read(List<Path> files, int labelBytes, int labelIndex, int classes) {
    int record = labelBytes + PIXELS;
    List<byte[]> contents = new ArrayList<>();
    int total = 0;
    for (Path f : files) {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(f);
      } catch (NoSuchFileException e) {
        throw new BadInputException(f, "file not found");
      } catch (IOException e) {
        throw new BadInputException(f, "cannot read: " + e.getMessage());
      }
      if (bytes.length == 0 || bytes.length % record != 0) {
        throw new BadInputException(
            f,
            "truncated CIFAR records: "
                + bytes.length
                + " bytes is not a positive multiple of the record size "
                + record);
      }
      contents.add(bytes);
      total += bytes.length / record;
    }
    byte[] pixels = new byte[total * PIXELS];
    int[] labels = new int[total];
    int n = 0;
    for (int k = 0; k < files.size(); k++) {
      byte[] bytes = contents.get(k);
      for (int r = 0; r < bytes.length / record; r++, n++) {
        int at = r * record;
        labels[n] = bytes[at + labelIndex] & 0xFF;
        if (labels[n] >= classes) {
          throw new BadInputException(
              files.get(k),
              "label " + labels[n] + " in record " + r + " is outside 0.." + (classes - 1));
        }
        int src = at + labelBytes;
        int dst = n * PIXELS;
        for (int p = 0; p < SIDE * SIDE; p++) {
          for (int c = 0; c < 3; c++) {
            pixels[dst + p * 3 + c] = bytes[src + c * SIDE * SIDE + p];
          }
        }
      }
    }
    return new ImageSet(pixels, labels, SIDE, SIDE, 3, classes);
  }
}

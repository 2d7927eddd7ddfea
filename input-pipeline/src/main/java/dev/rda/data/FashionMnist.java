package dev.rda.data;

import dev.rda.core.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fashion-MNIST (or MNIST) from its four IDX files, gzip-compressed or plain, as Debian's {@code
 * dataset-fashion-mnist} installs them under {@link #DEFAULT_DIR}.
 */
public final class FashionMnist {
  private FashionMnist() {}

  public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
  public static final int CLASSES = 10;

  public static Splits<ImageSet> load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new BadInputException(dir, "dataset directory not found");
    }
    return new Splits<>(
        split(dir, "train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
        split(dir, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"));
  }

  /** True if all four files are present (gzip or plain). */
  public static boolean present(Path dir) {
    for (String name :
        new String[] {
          "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
          "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"
        }) {
      if (!Files.exists(dir.resolve(name + ".gz")) && !Files.exists(dir.resolve(name))) {
        return false;
      }
    }
    return true;
  }

  private static ImageSet split(Path dir, String imagesName, String labelsName) {
    Path imagesFile = locate(dir, imagesName);
    Path labelsFile = locate(dir, labelsName);
    IdxFile images = IdxFile.read(imagesFile);
    IdxFile labels = IdxFile.read(labelsFile);
    if (images.dims().length != 3) {
      throw new BadInputException(
          imagesFile, "expected 3 dimensions (N, H, W), found " + images.dims().length);
    }
    if (labels.dims().length != 1) {
      throw new BadInputException(
          labelsFile, "expected 1 dimension (N), found " + labels.dims().length);
    }
    int n = images.dims()[0];
    if (labels.dims()[0] != n) {
      throw new BadInputException(
          labelsFile,
          labels.dims()[0] + " labels for " + n + " images in " + imagesFile.getFileName());
    }
    int[] y = new int[n];
    byte[] raw = labels.data();
    for (int i = 0; i < n; i++) {
      y[i] = raw[i] & 0xFF;
      if (y[i] >= CLASSES) {
        throw new BadInputException(
            labelsFile, "label " + y[i] + " at index " + i + " is outside 0.." + (CLASSES - 1));
      }
    }
    return new ImageSet(images.data(), y, images.dims()[1], images.dims()[2], 1, CLASSES);
  }

  private static Path locate(Path dir, String name) {
    Path gz = dir.resolve(name + ".gz");
    if (Files.exists(gz)) {
      return gz;
    }
    Path plain = dir.resolve(name);
    if (Files.exists(plain)) {
      return plain;
    }
    throw new BadInputException(gz, "file not found (nor " + plain.getFileName() + ")");
  }
}

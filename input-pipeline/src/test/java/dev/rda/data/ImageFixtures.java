package dev.rda.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Miniature datasets in each on-disk layout, written with the JDK's own PNG and JPEG writers. */
public final class ImageFixtures {
  private ImageFixtures() {}

  /** Pixel (y, x) of image {@code id}, channel c: distinct per image, row, column and channel. */
  public static int value(int id, int y, int x, int c) {
    return (id * 37 + y * 11 + x * 5 + c * 80) % 256;
  }

  /** An RGB image of {@code h} x {@code w} with {@link #value} pixels, as PNG or JPEG by name. */
  public static Path image(Path file, int id, int h, int w) {
    BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        im.setRGB(x, y, value(id, y, x, 0) << 16 | value(id, y, x, 1) << 8 | value(id, y, x, 2));
      }
    }
    String name = file.getFileName().toString().toLowerCase();
    try {
      Files.createDirectories(file.getParent());
      if (!ImageIO.write(im, name.endsWith(".png") ? "png" : "jpg", file.toFile())) {
        throw new IllegalStateException("no writer for " + file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /**
   * {@code root/<split>/<class>/img<k>.png}: {@code perClass[c]} images of class c per split, ids
   * numbered from {@code firstId} in file order (classes sorted, files sorted).
   */
  public static void classFolders(
      Path root, String split, List<String> classes, int[] perClass, int side, int firstId) {
    int id = firstId;
    for (int c = 0; c < classes.size(); c++) {
      for (int k = 0; k < perClass[c]; k++) {
        image(
            root.resolve(split).resolve(classes.get(c)).resolve("img" + k + ".png"),
            id++,
            side,
            side);
      }
    }
  }

  /**
   * Tiny-ImageNet's layout: {@code n} training JPEGs per class, {@code v} validation images each.
   */
  public static void tinyImageNet(Path root, List<String> wnids, int n, int v, int side)
      throws IOException {
    Files.createDirectories(root);
    Files.write(root.resolve("wnids.txt"), wnids);
    StringBuilder annotations = new StringBuilder();
    int id = 0;
    for (String wnid : wnids) {
      for (int k = 0; k < n; k++) {
        image(
            root.resolve("train/" + wnid + "/images/" + wnid + "_" + k + ".JPEG"),
            id++,
            side,
            side);
      }
      Files.writeString(root.resolve("train/" + wnid + "/" + wnid + "_boxes.txt"), "boxes\n");
    }
    int val = 0;
    for (int k = 0; k < v; k++) {
      for (String wnid : wnids) {
        String file = "val_" + val++ + ".JPEG";
        image(root.resolve("val/images/" + file), id++, side, side);
        annotations.append(file).append('\t').append(wnid).append("\t0\t0\t10\t10\n");
      }
    }
    Files.writeString(root.resolve("val/val_annotations.txt"), annotations);
  }

  /** Mini-ImageNet's csv layout: {@code perClass} images per class spread over three csv files. */
  public static void miniImageNetCsv(Path root, List<String> classes, int perClass, int side)
      throws IOException {
    String[] csv = {"filename,label\n", "filename,label\n", "filename,label\n"};
    int id = 0;
    for (int c = 0; c < classes.size(); c++) {
      for (int k = 0; k < perClass; k++) {
        String file = classes.get(c) + String.format("%04d", k) + ".jpg";
        image(root.resolve("images/" + file), id++, side, side + 2);
        csv[c % 3] += file + "," + classes.get(c) + "\n";
      }
    }
    Files.writeString(root.resolve("train.csv"), csv[0]);
    Files.writeString(root.resolve("val.csv"), csv[1]);
    Files.writeString(root.resolve("test.csv"), csv[2]);
  }
}

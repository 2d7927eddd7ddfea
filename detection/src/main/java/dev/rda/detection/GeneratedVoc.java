package dev.rda.detection;

import dev.rda.core.AtomicFiles;
import dev.rda.core.BadInputException;
import dev.rda.detection.Voc.VocImage;
import dev.rda.detection.Voc.VocObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A generated PascalVOC in the devkit layout (JPEGs, XML annotations, trainval and test image
 * sets), its images painted by a {@link Painter}: what {@link MiniVoc} and {@link ClutterVoc}
 * share.
 */
final class GeneratedVoc {
  private GeneratedVoc() {}

  /** One generated image and its objects. */
  record Painted(BufferedImage image, List<VocObject> objects) {}

  interface Painter {
    Painted paint(Random random);
  }

  /** Writes {@code train} trainval and {@code test} test images under {@code root/VOC2007}. */
  static List<VocImage> write(Path root, int train, int test, long seed, Painter painter) {
    Path voc = root.resolve("VOC2007");
    if (Files.exists(voc.resolve("Annotations"))) {
      throw new BadInputException(voc, "already holds a VOC dataset; choose an empty folder");
    }
    Random random = new Random(seed);
    List<VocImage> images = new ArrayList<>();
    List<String> trainIds = new ArrayList<>();
    List<String> testIds = new ArrayList<>();
    for (int i = 0; i < train + test; i++) {
      String id = String.format("%06d", i + 1);
      (i < train ? trainIds : testIds).add(id);
      images.add(writeImage(voc, id, painter.paint(random)));
    }
    AtomicFiles.write(
        voc.resolve("ImageSets/Main/trainval.txt"), String.join("\n", trainIds) + "\n");
    AtomicFiles.write(voc.resolve("ImageSets/Main/test.txt"), String.join("\n", testIds) + "\n");
    return images;
  }

  private static VocImage writeImage(Path voc, String id, Painted painted) {
    BufferedImage image = painted.image();
    try {
      ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
      ImageIO.write(image, "jpg", jpeg);
      Path file = voc.resolve("JPEGImages").resolve(id + ".jpg");
      AtomicFiles.write(file, jpeg.toByteArray());
      AtomicFiles.write(
          voc.resolve("Annotations").resolve(id + ".xml"),
          annotation(id, image.getWidth(), image.getHeight(), painted.objects()));
      return new VocImage(
          id, file, image.getWidth(), image.getHeight(), List.copyOf(painted.objects()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String annotation(String id, int width, int height, List<VocObject> objects) {
    StringBuilder xml = new StringBuilder();
    xml.append("<annotation>\n  <folder>VOC2007</folder>\n  <filename>")
        .append(id)
        .append(".jpg</filename>\n  <size><width>")
        .append(width)
        .append("</width><height>")
        .append(height)
        .append("</height><depth>3</depth></size>\n");
    for (VocObject o : objects) {
      Box b = o.box();
      xml.append(
          String.format(
              Locale.ROOT,
              "  <object>\n    <name>%s</name>\n    <difficult>%d</difficult>\n"
                  + "    <bndbox><xmin>%d</xmin><ymin>%d</ymin><xmax>%d</xmax><ymax>%d</ymax>"
                  + "</bndbox>\n  </object>\n",
              Voc.CLASSES.get(o.label()),
              o.difficult() ? 1 : 0,
              (int) b.x1() + 1,
              (int) b.y1() + 1,
              (int) b.x2(),
              (int) b.y2()));
    }
    return xml.append("</annotation>\n").toString();
  }
}

package dev.rda.detection;

import dev.rda.core.BadInputException;
import dev.rda.detection.Voc.VocImage;
import dev.rda.detection.Voc.VocObject;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated PascalVOC in the devkit layout, for tests and a first run without the real data:
 * {@code size} x {@code size} JPEGs of a textured background with one to three shapes, each shape
 * one class (rectangle "tvmonitor", ellipse "sheep", triangle "boat"), grey levels that contrast
 * with the background so a grayscale backbone sees them too. Objects under 12% of the image side
 * are marked difficult, as VOC marks hard ones.
 */
public final class MiniVoc {
  private MiniVoc() {}

  public static final List<String> SHAPES = List.of("tvmonitor", "sheep", "boat");

  /** Writes {@code train} trainval and {@code test} test images under {@code root/VOC2007}. */
  public static List<VocImage> write(Path root, int train, int test, int size, long seed) {
    if (size < 32) {
      throw new BadInputException("mini-VOC images must be at least 32 px (got " + size + ")");
    }
    return GeneratedVoc.write(root, train, test, seed, random -> paint(size, random));
  }

  private static GeneratedVoc.Painted paint(int size, Random random) {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
    int base = 60 + random.nextInt(60);
    for (int y = 0; y < size; y += 4) {
      for (int x = 0; x < size; x += 4) {
        int v = base + random.nextInt(24);
        g.setColor(new Color(v, v, v));
        g.fillRect(x, y, 4, 4);
      }
    }
    List<VocObject> objects = new ArrayList<>();
    int wanted = 1 + random.nextInt(3);
    for (int attempt = 0; attempt < 30 && objects.size() < wanted; attempt++) {
      int w = (int) (size * (0.08 + 0.37 * random.nextDouble()));
      int h = (int) (size * (0.08 + 0.37 * random.nextDouble()));
      int x = random.nextInt(size - w + 1);
      int y = random.nextInt(size - h + 1);
      Box box = new Box(x, y, x + w, y + h);
      if (objects.stream().anyMatch(o -> o.box().iou(box) > 0.2)) {
        continue;
      }
      int label = random.nextInt(SHAPES.size());
      int grey = random.nextBoolean() ? 200 + random.nextInt(55) : random.nextInt(30);
      g.setColor(new Color(grey, grey, (grey + 40) % 256));
      switch (label) {
        case 0 -> g.fillRect(x, y, w, h);
        case 1 -> g.fillOval(x, y, w, h);
        default -> g.fillPolygon(new int[] {x, x + w / 2, x + w}, new int[] {y + h, y, y + h}, 3);
      }
      boolean difficult = Math.min(w, h) < 0.12 * size;
      objects.add(new VocObject(Voc.CLASSES.indexOf(SHAPES.get(label)), box, difficult));
    }
    g.dispose();
    return new GeneratedVoc.Painted(image, objects);
  }
}

package dev.rda.detection;

import dev.rda.detection.Voc.VocImage;
import dev.rda.detection.Voc.VocObject;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated PascalVOC harder than {@link MiniVoc}, so that detectors and backbones can be told
 * apart: images of varying size and aspect (160-320 x 120-240 px), eight classes of shapes that
 * differ in outline rather than in brightness, two to seven objects from 5% to 60% of the shorter
 * side, overlapping each other (later ones occlude earlier ones: up to IoU 0.5 between boxes), and
 * unlabelled clutter (strokes, specks and half-shapes) on a noisy gradient background. Objects
 * under 12 px a side are difficult, as are those more than half hidden.
 */
public final class ClutterVoc {
  private ClutterVoc() {}

  /** The shapes, as VOC classes: filled ones, outlines and composite ones. */
  public static final List<String> SHAPES =
      List.of(
          "tvmonitor", // filled rectangle
          "sheep", // filled ellipse
          "boat", // filled triangle
          "bird", // filled diamond
          "aeroplane", // plus-shaped cross
          "bus", // ring (hollow ellipse)
          "car", // frame (hollow rectangle)
          "bottle"); // half disc

  private static final double MAX_OVERLAP = 0.5;

  /** Writes {@code train} trainval and {@code test} test images under {@code root/VOC2007}. */
  public static List<VocImage> write(Path root, int train, int test, long seed) {
    return GeneratedVoc.write(root, train, test, seed, ClutterVoc::paint);
  }

  private static GeneratedVoc.Painted paint(Random random) {
    int width = 160 + random.nextInt(161);
    int height = 120 + random.nextInt(121);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    background(g, width, height, random);
    for (int i = 0; i < 4 + random.nextInt(8); i++) {
      clutter(g, width, height, random);
    }
    List<Box> boxes = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    int wanted = 2 + random.nextInt(6);
    int shorter = Math.min(width, height);
    for (int attempt = 0; attempt < 60 && boxes.size() < wanted; attempt++) {
      // Log-uniform sizes: as many small objects as large ones.
      double side = shorter * 0.05 * Math.pow(12, random.nextDouble());
      double aspect = Math.exp((random.nextDouble() - 0.5) * 1.2);
      int w = (int) Math.max(5, Math.min(width - 2, side * aspect));
      int h = (int) Math.max(5, Math.min(height - 2, side / aspect));
      int x = random.nextInt(width - w);
      int y = random.nextInt(height - h);
      Box box = new Box(x, y, x + w, y + h);
      if (boxes.stream().anyMatch(b -> b.iou(box) > MAX_OVERLAP)) {
        continue;
      }
      int label = random.nextInt(SHAPES.size());
      int grey = random.nextBoolean() ? 170 + random.nextInt(85) : random.nextInt(70);
      g.setColor(new Color(grey, grey, Math.min(255, grey + random.nextInt(40))));
      shape(g, label, x, y, w, h);
      boxes.add(box);
      labels.add(label);
    }
    g.dispose();
    List<VocObject> objects = new ArrayList<>();
    for (int i = 0; i < boxes.size(); i++) {
      Box b = boxes.get(i);
      boolean hidden = visibleFraction(boxes, i) < 0.5;
      boolean small = Math.min(b.width(), b.height()) < 12;
      objects.add(
          new VocObject(Voc.CLASSES.indexOf(SHAPES.get(labels.get(i))), b, hidden || small));
    }
    return new GeneratedVoc.Painted(image, objects);
  }

  /** A vertical grey gradient with pixel noise. */
  private static void background(Graphics2D g, int width, int height, Random random) {
    int top = 50 + random.nextInt(100);
    int bottom = 50 + random.nextInt(100);
    for (int y = 0; y < height; y += 2) {
      int base = top + (bottom - top) * y / height;
      for (int x = 0; x < width; x += 2) {
        int v = Math.max(0, Math.min(255, base + random.nextInt(31) - 15));
        g.setColor(new Color(v, v, v));
        g.fillRect(x, y, 2, 2);
      }
    }
  }

  /** Unlabelled distractors: strokes, specks, and arcs that resemble parts of shapes. */
  private static void clutter(Graphics2D g, int width, int height, Random random) {
    int grey = random.nextInt(256);
    g.setColor(new Color(grey, grey, grey));
    int x = random.nextInt(width);
    int y = random.nextInt(height);
    int size = 4 + random.nextInt(Math.min(width, height) / 3);
    switch (random.nextInt(3)) {
      case 0 -> {
        g.setStroke(new BasicStroke(1 + random.nextInt(3)));
        g.drawLine(x, y, x + random.nextInt(2 * size) - size, y + random.nextInt(2 * size) - size);
      }
      case 1 -> g.fillOval(x, y, 2 + random.nextInt(5), 2 + random.nextInt(5));
      default -> {
        g.setStroke(new BasicStroke(2));
        g.drawArc(x, y, size, size, random.nextInt(360), 60 + random.nextInt(120));
      }
    }
  }

  private static void shape(Graphics2D g, int label, int x, int y, int w, int h) {
    switch (label) {
      case 0 -> g.fillRect(x, y, w, h);
      case 1 -> g.fillOval(x, y, w, h);
      case 2 -> g.fillPolygon(new int[] {x, x + w / 2, x + w}, new int[] {y + h, y, y + h}, 3);
      case 3 ->
          g.fillPolygon(
              new Polygon(
                  new int[] {x + w / 2, x + w, x + w / 2, x},
                  new int[] {y, y + h / 2, y + h, y + h / 2},
                  4));
      case 4 -> {
        g.fillRect(x + w / 3, y, Math.max(1, w / 3), h);
        g.fillRect(x, y + h / 3, w, Math.max(1, h / 3));
      }
      case 5 -> {
        g.setStroke(new BasicStroke(Math.max(2, Math.min(w, h) / 5f)));
        int t = (int) Math.max(2, Math.min(w, h) / 5f) / 2;
        g.drawOval(x + t, y + t, w - 2 * t, h - 2 * t);
      }
      case 6 -> {
        g.setStroke(new BasicStroke(Math.max(2, Math.min(w, h) / 5f)));
        int t = (int) Math.max(2, Math.min(w, h) / 5f) / 2;
        g.drawRect(x + t, y + t, w - 2 * t, h - 2 * t);
      }
      default -> g.fillArc(x, y, w, 2 * h, 0, 180);
    }
  }

  /** The share of box {@code i} not covered by later boxes (drawn over it), on a 1-px grid. */
  private static double visibleFraction(List<Box> boxes, int i) {
    Box b = boxes.get(i);
    int visible = 0;
    int all = 0;
    for (double y = b.y1() + 0.5; y < b.y2(); y++) {
      for (double x = b.x1() + 0.5; x < b.x2(); x++) {
        all++;
        boolean covered = false;
        for (int k = i + 1; k < boxes.size() && !covered; k++) {
          Box o = boxes.get(k);
          covered = x >= o.x1() && x < o.x2() && y >= o.y1() && y < o.y2();
        }
        visible += covered ? 0 : 1;
      }
    }
    return all == 0 ? 0 : (double) visible / all;
  }
}

package dev.rda.detection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Detections drawn on their image: a box per detection, its class and score above it, as PNG. */
public final class BoxDrawing {
  private BoxDrawing() {}

  public static byte[] png(BufferedImage source, List<Detection> detections) {
    BufferedImage image =
        new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.drawImage(source, 0, 0, null);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    float thickness = Math.max(1f, Math.max(image.getWidth(), image.getHeight()) / 250f);
    g.setStroke(new BasicStroke(thickness));
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(9, Math.round(6 * thickness))));
    for (Detection d : detections) {
      // One hue per class, so the same class has the same colour in every picture.
      Color color = Color.getHSBColor(d.label() / (float) Voc.CLASSES.size(), 0.9f, 1f);
      g.setColor(color);
      Box b = d.box();
      g.drawRect((int) b.x1(), (int) b.y1(), (int) b.width(), (int) b.height());
      String text = String.format(Locale.ROOT, "%s %.2f", Voc.CLASSES.get(d.label()), d.score());
      int w = g.getFontMetrics().stringWidth(text) + 4;
      int h = g.getFontMetrics().getHeight();
      int y = (int) Math.max(0, b.y1() - h);
      g.fillRect((int) b.x1(), y, w, h);
      g.setColor(Color.BLACK);
      g.drawString(text, (int) b.x1() + 2, y + g.getFontMetrics().getAscent());
    }
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}

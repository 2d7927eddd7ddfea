package dev.rda.cli;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A PNG of images in rows: each row pair shows originals above and their augmented versions below,
 * scaled up with nearest-neighbour so pixels stay visible.
 */
final class ImageGrid {
  private ImageGrid() {}

  /**
   * @param rows groups of images (values in [0, 1], [H, W, C] flat each), one grid row each
   * @param perRow images per grid row
   */
  static byte[] png(List<float[][]> rows, int h, int w, int c, int perRow, int scale) {
    int gap = 2;
    int cellW = w * scale + gap;
    int cellH = h * scale + gap;
    int width = perRow * cellW + gap;
    int height = rows.size() * cellH + gap;
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(new Color(40, 40, 40));
    g.fillRect(0, 0, width, height);
    g.dispose();
    for (int r = 0; r < rows.size(); r++) {
      float[][] images = rows.get(r);
      for (int i = 0; i < images.length; i++) {
        int x0 = gap + i * cellW;
        int y0 = gap + r * cellH;
        for (int y = 0; y < h * scale; y++) {
          for (int x = 0; x < w * scale; x++) {
            int p = ((y / scale) * w + x / scale) * c;
            int red = byteOf(images[i][p]);
            int green = c == 3 ? byteOf(images[i][p + 1]) : red;
            int blue = c == 3 ? byteOf(images[i][p + 2]) : red;
            out.setRGB(x0 + x, y0 + y, (red << 16) | (green << 8) | blue);
          }
        }
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(out, "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static int byteOf(float v) {
    return Math.max(0, Math.min(255, Math.round(v * 255)));
  }
}

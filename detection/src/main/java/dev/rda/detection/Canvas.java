package dev.rda.detection;

import dev.rda.core.BadInputException;
import dev.rda.detection.Voc.VocImage;
import dev.rda.detection.Voc.VocObject;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * An image as the detector takes it: scaled (bilinear) by its config's {@link
 * DetectionConfig.Scale}, optionally mirrored; its objects moved along. A batch places its images
 * at the top-left of a black canvas ({@link DetectorFeeds#pixels}).
 *
 * @param pixels RGB bytes of the scaled image, row-major, {@code width} x {@code height}
 * @param scale scaled pixels per original pixel
 * @param width the scaled image's width (proposals are clipped to it)
 * @param height the scaled image's height
 * @param objects the image's objects in scaled coordinates
 */
public record Canvas(byte[] pixels, double scale, int width, int height, List<VocObject> objects) {

  public static Canvas of(VocImage image, DetectionConfig.Scale size, boolean flip) {
    BufferedImage source;
    try {
      source = ImageIO.read(image.file().toFile());
    } catch (IOException e) {
      throw new BadInputException(image.file(), "cannot read (" + e.getMessage() + ")");
    }
    if (source == null) {
      throw new BadInputException(image.file(), "not a readable image");
    }
    if (source.getWidth() != image.width() || source.getHeight() != image.height()) {
      throw new BadInputException(
          image.file(),
          "is "
              + source.getWidth()
              + "x"
              + source.getHeight()
              + " but its annotation says "
              + image.width()
              + "x"
              + image.height());
    }
    double scale = size.factor(image.width(), image.height());
    int w = (int) Math.round(image.width() * scale);
    int h = (int) Math.round(image.height() * scale);
    BufferedImage canvas = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = canvas.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    if (flip) {
      g.drawImage(source, w, 0, -w, h, null);
    } else {
      g.drawImage(source, 0, 0, w, h, null);
    }
    g.dispose();
    byte[] bgr = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
    byte[] rgb = new byte[bgr.length];
    for (int i = 0; i < bgr.length; i += 3) {
      rgb[i] = bgr[i + 2];
      rgb[i + 1] = bgr[i + 1];
      rgb[i + 2] = bgr[i];
    }
    List<VocObject> moved = new ArrayList<>();
    for (VocObject o : image.objects()) {
      Box b = o.box().scale(scale);
      moved.add(new VocObject(o.label(), flip ? b.flip(w) : b, o.difficult()));
    }
    return new Canvas(rgb, scale, w, h, List.copyOf(moved));
  }
}

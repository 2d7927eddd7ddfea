package dev.rda.detection;

import java.util.List;

/**
 * The RPN's reference boxes: at every cell of a feature map of stride {@code stride}, one box per
 * (size, aspect ratio), centred on the cell's centre in the image, with area size^2 and height /
 * width = ratio. Order is row, column, then size-major over (size, ratio), which is the order of
 * the RPN's outputs reshaped from [H, W, A] to [H * W * A].
 */
public final class Anchors {
  private Anchors() {}

  public static Box[] grid(
      int height, int width, int stride, List<Integer> sizes, List<Double> ratios) {
    int perCell = sizes.size() * ratios.size();
    Box[] out = new Box[height * width * perCell];
    int i = 0;
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < width; c++) {
        double cy = (r + 0.5) * stride;
        double cx = (c + 0.5) * stride;
        for (int size : sizes) {
          for (double ratio : ratios) {
            double w = size / Math.sqrt(ratio);
            double h = size * Math.sqrt(ratio);
            out[i++] = new Box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
          }
        }
      }
    }
    return out;
  }
}

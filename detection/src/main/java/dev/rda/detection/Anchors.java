package dev.rda.detection;

import java.util.ArrayList;
import java.util.List;

/**
 * The RPN's reference boxes in torchvision's convention (its {@code AnchorGenerator}, which the
 * reference test compares with): per (ratio, size), ratio-major, a base box of area size^2 and
 * height / width = ratio centred on 0 with its corners rounded to whole pixels; the base boxes are
 * shifted to every cell (r, c) of a map of stride s by (c s, r s). Order is row, column, then base
 * box: the order of the RPN's outputs reshaped from [H, W, A] to [H W A].
 */
public final class Anchors {
  private Anchors() {}

  /** The anchors of one map of {@code height} x {@code width} cells at {@code stride}. */
  public static Box[] grid(
      int height, int width, int stride, List<Integer> sizes, List<Double> ratios) {
    List<Box> base = new ArrayList<>();
    for (double ratio : ratios) {
      double h = Math.sqrt(ratio);
      double w = 1 / h;
      for (int size : sizes) {
        double hw = Math.rint(w * size / 2);
        double hh = Math.rint(h * size / 2);
        base.add(new Box(-hw, -hh, hw, hh));
      }
    }
    Box[] out = new Box[height * width * base.size()];
    int i = 0;
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < width; c++) {
        for (Box b : base) {
          out[i++] =
              new Box(
                  b.x1() + c * stride,
                  b.y1() + r * stride,
                  b.x2() + c * stride,
                  b.y2() + r * stride);
        }
      }
    }
    return out;
  }
}

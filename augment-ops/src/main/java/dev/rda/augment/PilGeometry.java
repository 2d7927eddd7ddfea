package dev.rda.augment;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * PIL's nearest-neighbour affine transform, computed in Java once per image size and coefficient
 * set: for each output pixel, the flat index of the input pixel it copies, or -1 where PIL leaves
 * the fill colour.
 *
 * <p>PIL maps output pixel centre (x + 0.5, y + 0.5) to input (a*x' + b*y' + c, d*x' + e*y' + f)
 * and truncates towards minus infinity. It has two fast paths whose rounding we follow exactly:
 * pure scaling/translation in doubles ({@code ImagingScaleAffine}) and everything else in 16.16
 * fixed point ({@code affine_fixed}). Because the maps are constants, the graph does a gather and
 * nothing else.
 */
final class PilGeometry {
  private PilGeometry() {}

  /** {@code Image.transform(size, AFFINE, (a, b, c, d, e, f), NEAREST)}. */
  static int[] affine(double[] m, int width, int height) {
    int[] source = new int[width * height];
    if (m[1] == 0 && m[3] == 0) {
      int[] xin = new int[width];
      double xo = m[2] + m[0] * 0.5;
      for (int x = 0; x < width; x++) {
        xin[x] = coord(xo);
        xo += m[0];
      }
      double yo = m[5] + m[4] * 0.5;
      for (int y = 0; y < height; y++) {
        int yi = coord(yo);
        for (int x = 0; x < width; x++) {
          boolean inside = yi >= 0 && yi < height && xin[x] >= 0 && xin[x] < width;
          source[y * width + x] = inside ? yi * width + xin[x] : -1;
        }
        yo += m[4];
      }
      return source;
    }
    int a0 = fix(m[0]);
    int a1 = fix(m[1]);
    int a3 = fix(m[3]);
    int a4 = fix(m[4]);
    int a2 = fix(m[2] + m[0] * 0.5 + m[1] * 0.5);
    int a5 = fix(m[5] + m[3] * 0.5 + m[4] * 0.5);
    for (int y = 0; y < height; y++) {
      int xx = a2;
      int yy = a5;
      for (int x = 0; x < width; x++) {
        int xi = xx >> 16;
        int yi = yy >> 16;
        boolean inside = xi >= 0 && xi < width && yi >= 0 && yi < height;
        source[y * width + x] = inside ? yi * width + xi : -1;
        xx += a0;
        yy += a3;
      }
      a2 += a1;
      a5 += a4;
    }
    return source;
  }

  /** {@code Image.rotate(degrees, NEAREST)}: counter-clockwise about the image centre. */
  static int[] rotate(double degrees, int width, int height) {
    double angle = degrees % 360.0;
    if (angle < 0) {
      angle += 360.0; // Python's float modulo takes the divisor's sign
    }
    if (angle == 0) {
      return affine(new double[] {1, 0, 0, 0, 1, 0}, width, height);
    }
    double rad = -Math.toRadians(angle);
    double[] m = {
      round15(StrictMath.cos(rad)), round15(StrictMath.sin(rad)), 0.0,
      round15(-StrictMath.sin(rad)), round15(StrictMath.cos(rad)), 0.0
    };
    double cx = width / 2.0;
    double cy = height / 2.0;
    m[2] = m[0] * -cx + m[1] * -cy + m[2] + cx;
    m[5] = m[3] * -cx + m[4] * -cy + m[5] + cy;
    return affine(m, width, height);
  }

  /** Python's {@code round(v, 15)}: half-even on the exact decimal value of the double. */
  private static double round15(double v) {
    return new BigDecimal(v).setScale(15, RoundingMode.HALF_EVEN).doubleValue();
  }

  private static int coord(double v) {
    return v < 0.0 ? -1 : (int) v;
  }

  private static int fix(double v) {
    return (int) Math.floor(v * 65536.0 + 0.5);
  }
}

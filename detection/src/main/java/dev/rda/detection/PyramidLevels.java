package dev.rda.detection;

/**
 * Which level of a feature pyramid pools a RoI: the FPN paper's canonical rule, k = floor(k0 +
 * log2(sqrt(w h) / 224)) with k0 = 4 (a 224-pixel RoI on the level of stride 16), cut to the
 * pyramid's levels (level k has stride 2^k); torchvision's LevelMapper adds 1e-6 before the floor,
 * and so does this, so that a RoI of exactly 448 pixels, whose logarithm rounds just below 1, goes
 * to level 5 there and here.
 */
public record PyramidLevels(int min, int max) {
  public static final PyramidLevels FPN = new PyramidLevels(2, 5);

  private static final double CANONICAL_SIZE = 224;
  private static final int CANONICAL_LEVEL = 4;
  private static final double EPS = 1e-6;

  public PyramidLevels {
    if (min < 0 || max < min) {
      throw new IllegalArgumentException("levels " + min + ".." + max);
    }
  }

  /** The level of {@code roi} (image pixels). */
  public int of(Box roi) {
    double size = Math.sqrt(roi.area());
    int k = (int) Math.floor(CANONICAL_LEVEL + Math.log(size / CANONICAL_SIZE) / Math.log(2) + EPS);
    return Math.min(max, Math.max(min, k));
  }
}

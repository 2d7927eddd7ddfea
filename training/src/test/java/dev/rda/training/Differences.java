package dev.rda.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Comparing flattened variables (or losses) of two trainings, for equivalence tests. */
public final class Differences {
  private Differences() {}

  /** The largest absolute difference between equally long arrays. */
  public static double max(float[] a, float[] b) {
    assertEquals(a.length, b.length, "different numbers of values");
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}

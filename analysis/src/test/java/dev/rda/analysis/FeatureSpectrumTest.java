package dev.rda.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Singular values of covariances built to be known exactly. */
class FeatureSpectrumTest {
  private static final int D = 5;

  /** A reflection I - 2vv^T/|v|^2: orthogonal, so it rotates the axes without changing spectra. */
  private static double[][] reflection() {
    double[] v = {1, -2, 0.5, 3, -1};
    double n = 0;
    for (double x : v) {
      n += x * x;
    }
    double[][] r = new double[D][D];
    for (int i = 0; i < D; i++) {
      for (int j = 0; j < D; j++) {
        r[i][j] = (i == j ? 1 : 0) - 2 * v[i] * v[j] / n;
      }
    }
    return r;
  }

  /**
   * Rows +s_k R e_k and -s_k R e_k around {@code centre}, k < D: mean = centre, covariance = (2 /
   * 2D) sum s_k^2 R e_k e_k^T R^T, whose singular values are s_k^2 / D.
   */
  private static void fill(float[][] x, int[] labels, int first, int label, double[] s, double centre) {
    double[][] r = reflection();
    for (int k = 0; k < D; k++) {
      for (int sign = 0; sign < 2; sign++) {
        int row = first + 2 * k + sign;
        labels[row] = label;
        for (int j = 0; j < D; j++) {
          x[row][j] = (float) (centre + (sign == 0 ? 1 : -1) * s[k] * r[j][k]);
        }
      }
    }
  }

  @Test
  void spectraOfKnownCovariances() {
    double[] a = {3, 2, 1, 0.5, 0.25};
    double[] b = {1, 1, 1, 1, 1};
    float[][] x = new float[4 * D][D];
    int[] labels = new int[4 * D];
    fill(x, labels, 0, 0, a, 0);
    fill(x, labels, 2 * D, 1, b, 0);
    FeatureSpectrum s = FeatureSpectrum.of(x, labels, 2);

    double[] intra = new double[D];
    double[] all = new double[D];
    for (int k = 0; k < D; k++) {
      intra[k] = (a[k] * a[k] / D + b[k] * b[k] / D) / 2; // each class's values, averaged
    }
    // Both classes share the mean 0 and the axes R e_k: the pooled covariance is their mean.
    for (int k = 0; k < D; k++) {
      all[k] = intra[k];
    }
    assertArrayEquals(all, s.allClasses(), 1e-5);
    assertArrayEquals(intra, s.intraClass(), 1e-5);
  }

  @Test
  void classMeansApartAddTheirSpreadToTheAllClassSpectrumOnly() {
    double[] a = {1, 1, 1, 1, 1};
    float[][] x = new float[4 * D][D];
    int[] labels = new int[4 * D];
    fill(x, labels, 0, 0, a, -2);
    fill(x, labels, 2 * D, 1, a, 2);
    FeatureSpectrum s = FeatureSpectrum.of(x, labels, 2);
    // Within a class: s^2 / D = 0.2 on every axis. Between the classes: centres -2 and +2 on all
    // D coordinates, half the rows each, add (2 sqrt(D))^2 = 4 D along the all-ones direction.
    assertArrayEquals(new double[] {0.2, 0.2, 0.2, 0.2, 0.2}, s.intraClass(), 1e-5);
    assertArrayEquals(new double[] {0.2 + 4 * D, 0.2, 0.2, 0.2, 0.2}, s.allClasses(), 1e-4);
  }
}

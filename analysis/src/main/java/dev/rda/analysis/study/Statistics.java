package dev.rda.analysis.study;

import java.util.Arrays;

/**
 * Summaries over seeds: mean and sample standard deviation, and for paired runs (the same seed with
 * and without refinement) the mean difference with its 95% Student t interval and how many seeds
 * moved each way.
 */
public final class Statistics {
  private Statistics() {}

  /**
   * n values: their mean and sample standard deviation (n - 1 in the denominator; NaN for n < 2).
   */
  public record Spread(int n, double mean, double std) {}

  /**
   * Per-seed differences: their spread, the 95% interval of the mean (NaN for n < 2) and the counts
   * of positive, negative and zero differences.
   */
  public record Paired(
      double[] differences,
      Spread spread,
      double low,
      double high,
      int positive,
      int negative,
      int zero) {}

  public static Spread spread(double[] v) {
    int n = v.length;
    double mean = n == 0 ? Double.NaN : Arrays.stream(v).sum() / n;
    if (n < 2) {
      return new Spread(n, mean, Double.NaN);
    }
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    return new Spread(n, mean, Math.sqrt(ss / (n - 1)));
  }

  public static Paired paired(double[] differences) {
    Spread s = spread(differences);
    double half = s.n() < 2 ? Double.NaN : tQuantile975(s.n() - 1) * s.std() / Math.sqrt(s.n());
    int pos = 0;
    int neg = 0;
    for (double d : differences) {
      if (d > 0) {
        pos++;
      } else if (d < 0) {
        neg++;
      }
    }
    return new Paired(
        differences.clone(),
        s,
        s.mean() - half,
        s.mean() + half,
        pos,
        neg,
        differences.length - pos - neg);
  }

  // The 0.975 quantile of Student's t for 1..30 degrees of freedom (standard tables, 3 decimals).
  private static final double[] T975 = {
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042
  };

  /**
   * Student t's 0.975 quantile for {@code df} degrees of freedom: the table up to 30, beyond it the
   * Cornish-Fisher expansion around the normal quantile (within 2e-4 of the exact value at 31).
   */
  public static double tQuantile975(int df) {
    if (df < 1) {
      throw new IllegalArgumentException("degrees of freedom must be >= 1, not " + df);
    }
    if (df <= T975.length) {
      return T975[df - 1];
    }
    double z = 1.959964;
    double z3 = z * z * z;
    double z5 = z3 * z * z;
    return z + (z3 + z) / (4.0 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96.0 * df * df);
  }
}

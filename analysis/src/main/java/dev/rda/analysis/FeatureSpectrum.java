package dev.rda.analysis;

import dev.rda.core.SessionOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.Svd;
import org.tensorflow.types.TFloat64;

/**
 * The paper's Figure 3: singular values, largest first, of the covariance of penultimate-layer
 * features over all classes, and of each class's own covariance, averaged over the classes
 * (intra-class). Covariances are accumulated in double precision; the SVD is TensorFlow's.
 */
public record FeatureSpectrum(double[] allClasses, double[] intraClass) {

  /** The spectrum of features [n][d] with labels in [0, classes). */
  public static FeatureSpectrum of(float[][] features, int[] labels, int classes) {
    int d = features[0].length;
    double[][] all = covariance(features, null, -1, d);
    double[] intra = new double[d];
    int used = 0;
    List<double[][]> perClass = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      double[][] cov = covariance(features, labels, c, d);
      if (cov != null) {
        perClass.add(cov);
      }
    }
    double[] allValues;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat64> m = tf.placeholder(TFloat64.class, Placeholder.shape(Shape.of(d, d)));
      Svd<TFloat64> svd = tf.linalg.svd(m, Svd.computeUv(false));
      try (Session s = new Session(g, SessionOptions.of(2))) {
        allValues = singular(s, m, svd, all);
        for (double[][] cov : perClass) {
          double[] v = singular(s, m, svd, cov);
          for (int i = 0; i < d; i++) {
            intra[i] += v[i];
          }
          used++;
        }
      }
    }
    for (int i = 0; i < d; i++) {
      intra[i] /= Math.max(used, 1);
    }
    return new FeatureSpectrum(allValues, intra);
  }

  private static double[] singular(
      Session s, Placeholder<TFloat64> m, Svd<TFloat64> svd, double[][] matrix) {
    try (TFloat64 t = TFloat64.tensorOf(StdArrays.ndCopyOf(matrix));
        Result r = s.runner().feed(m, t).fetch(svd.s()).run()) {
      return StdArrays.array1dCopyOf((TFloat64) r.get(0));
    }
  }

  /**
   * Covariance (divided by n) of the rows with label {@code c} (all rows if c < 0); null if none.
   */
  static double[][] covariance(float[][] x, int[] labels, int c, int d) {
    double[] mean = new double[d];
    int n = 0;
    for (int i = 0; i < x.length; i++) {
      if (c < 0 || labels[i] == c) {
        for (int j = 0; j < d; j++) {
          mean[j] += x[i][j];
        }
        n++;
      }
    }
    if (n == 0) {
      return null;
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    double[][] cov = new double[d][d];
    double[] centred = new double[d];
    for (int i = 0; i < x.length; i++) {
      if (c < 0 || labels[i] == c) {
        for (int j = 0; j < d; j++) {
          centred[j] = x[i][j] - mean[j];
        }
        for (int a = 0; a < d; a++) {
          for (int b = a; b < d; b++) {
            cov[a][b] += centred[a] * centred[b];
          }
        }
      }
    }
    for (int a = 0; a < d; a++) {
      for (int b = a; b < d; b++) {
        cov[a][b] /= n;
        cov[b][a] = cov[a][b];
      }
    }
    return cov;
  }

  /** index, all classes, intra-class: one row per singular value. */
  public String csv() {
    StringBuilder b = new StringBuilder("index,all_classes,intra_class\n");
    for (int i = 0; i < allClasses.length; i++) {
      b.append(String.format(Locale.ROOT, "%d,%.9g,%.9g%n", i + 1, allClasses[i], intraClass[i]));
    }
    return b.toString();
  }
}

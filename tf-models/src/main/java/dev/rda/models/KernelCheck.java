package dev.rda.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.BatchNormReluFusion;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TNumber;

/**
 * Checks, on this CPU, that the float32 kernels training runs on (oneDNN's, when {@code
 * TF_ENABLE_ONEDNN_OPTS=1}) give the values and gradients of TensorFlow's float64 kernels (Eigen's:
 * oneDNN has no float64 kernels), for each kind of layer rda's networks are made of, at the shapes
 * of its narrow and full-width models.
 *
 * <p>Why it exists: oneDNN picks other kernels on other CPUs, and one of them was silently wrong
 * (the filter gradient of a strided 1x1 convolution with few input channels; see {@link
 * Conv2d#convolve}). The check runs the layers as rda builds them, so a kernel that breaks on some
 * CPU shows here instead of as moved figures.
 */
public final class KernelCheck {
  /**
   * Relative error allowed: float32 against float64, max |difference| over max |reference|. The
   * right kernels measured at most 1.6e-6 here (AVX-512 and AVX2); the wrong one was 17x off.
   */
  public static final double TOLERANCE = 1e-4;

  private KernelCheck() {}

  /** One layer at one shape: the largest relative error of its output and of its gradients. */
  public record Result(String layer, String shape, double output, double gradients) {
    public double worst() {
      return Math.max(output, gradients);
    }

    public boolean ok() {
      return worst() <= TOLERANCE;
    }
  }

  /**
   * A layer, built once in float32 and once in float64 from the same code. The operands are raw so
   * that a case can be a lambda: every operand of one build has the same type.
   */
  @SuppressWarnings("rawtypes")
  @FunctionalInterface
  private interface Layer {
    Operand apply(Ops tf, Operand x, List<Operand> weights);
  }

  private record Case(String layer, Shape input, List<Shape> weights, Layer body) {
    String shape() {
      StringBuilder s = new StringBuilder(dims(input));
      for (Shape w : weights) {
        s.append(" w").append(dims(w));
      }
      return s.toString();
    }
  }

  /** Runs every case in one session with the given options; cases run one at a time. */
  public static List<Result> run(ConfigProto options) {
    List<Result> results = new ArrayList<>();
    for (Case c : cases()) {
      results.add(check(c, options));
    }
    return results;
  }

  @SuppressWarnings("unchecked")
  private static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    // Convolutions as Conv2d builds them: the stems and stages of PreActResNet-18 at widths 4
    // (the tests' width), 16 (the Fashion-MNIST presets') and 64, ResNet's bottleneck 1x1s, and
    // the strided 1x1 shortcut at even and odd sizes.
    int[][] convs = {
      // n, size, C_in, C_out, kernel, stride
      {4, 12, 3, 4, 3, 1},
      {4, 12, 4, 4, 3, 1},
      {4, 12, 4, 8, 3, 2},
      {4, 12, 4, 8, 1, 2},
      {4, 13, 4, 8, 1, 2},
      {4, 28, 1, 16, 3, 1},
      {4, 28, 3, 16, 1, 2},
      {4, 28, 16, 32, 3, 2},
      {4, 28, 16, 32, 1, 2},
      {2, 48, 8, 8, 3, 1},
      {2, 48, 8, 16, 1, 2},
      {2, 64, 8, 16, 1, 2},
      {2, 64, 16, 32, 1, 2},
      {2, 8, 64, 64, 3, 1},
      {2, 8, 64, 128, 1, 2},
      {2, 8, 128, 32, 1, 1},
    };
    for (int[] v : convs) {
      int k = v[4];
      int stride = v[5];
      cases.add(
          new Case(
              "conv " + k + "x" + k + " stride " + stride,
              Shape.of(v[0], v[1], v[1], v[2]),
              List.of(Shape.of(k, k, v[2], v[3])),
              (tf, x, w) -> Conv2d.convolve(tf, x, w.get(0), k, stride)));
    }
    for (Shape s : List.of(Shape.of(4, 12, 12, 4), Shape.of(4, 6, 6, 16), Shape.of(4, 4, 4, 64))) {
      long c = s.get(3);
      cases.add(
          new Case(
              "batch norm (training)",
              s,
              List.of(Shape.of(c), Shape.of(c)),
              (tf, x, w) -> batchNorm(tf, x, w.get(0), w.get(1))));
    }
    cases.add(new Case("relu", Shape.of(4, 12, 12, 4), List.of(), (tf, x, w) -> tf.nn.relu(x)));
    // Training fuses the two in float32 (oneDNN's BatchNorm with ReLU; see BatchNormReluFusion).
    for (Shape s : List.of(Shape.of(4, 12, 12, 4), Shape.of(4, 4, 4, 64))) {
      long c = s.get(3);
      cases.add(
          new Case(
              "batch norm + relu (training)",
              s,
              List.of(Shape.of(c), Shape.of(c)),
              (tf, x, w) -> tf.nn.relu(batchNorm(tf, x, w.get(0), w.get(1)))));
    }
    cases.add(
        new Case(
            "max pool 3x3 stride 2",
            Shape.of(4, 16, 16, 8),
            List.of(),
            (tf, x, w) ->
                tf.nn.maxPool(
                    x,
                    tf.constant(new int[] {1, 3, 3, 1}),
                    tf.constant(new int[] {1, 2, 2, 1}),
                    "VALID")));
    cases.add(
        new Case(
            "global average",
            Shape.of(4, 6, 6, 16),
            List.of(),
            (tf, x, w) -> tf.math.mean(x, tf.constant(new int[] {1, 2}))));
    cases.add(
        new Case(
            "dense",
            Shape.of(8, 64),
            List.of(Shape.of(64, 10), Shape.of(10)),
            (tf, x, w) -> tf.nn.biasAdd(tf.linalg.matMul(x, w.get(0)), w.get(1))));
    cases.add(
        new Case(
            "softmax cross-entropy",
            Shape.of(8, 10),
            List.of(),
            (tf, x, w) -> {
              // Soft labels, as Mixup makes them: a fixed mixture of two one-hot rows.
              float[][] labels = new float[8][10];
              for (int i = 0; i < 8; i++) {
                labels[i][i] = 0.7f;
                labels[i][(i + 3) % 10] += 0.3f;
              }
              return crossEntropy(tf, x, tf.dtypes.cast(tf.constant(labels), x.type()));
            }));
    return cases;
  }

  /**
   * Training-mode BatchNorm: the fused kernel the networks use for float32 (see {@link BatchNorm}),
   * composed from plain ops for float64, which the fused kernel does not take.
   */
  @SuppressWarnings("unchecked")
  private static <T extends TNumber> Operand<T> batchNorm(
      Ops tf, Operand<T> x, Operand<T> gamma, Operand<T> beta) {
    if (x.type() == TFloat32.class) {
      Operand<TFloat32> empty = tf.constant(new float[0]);
      return (Operand<T>)
          tf.nn
              .fusedBatchNorm(
                  (Operand<TFloat32>) x,
                  (Operand<TFloat32>) gamma,
                  (Operand<TFloat32>) beta,
                  empty,
                  empty,
                  FusedBatchNorm.epsilon(BatchNorm.EPSILON),
                  FusedBatchNorm.isTraining(true))
              .y();
    }
    Operand<org.tensorflow.types.TInt32> axes = tf.constant(new int[] {0, 1, 2});
    Operand<T> mean = tf.math.mean(x, axes);
    Operand<T> centred = tf.math.sub(x, mean);
    Operand<T> variance = tf.math.mean(tf.math.mul(centred, centred), axes);
    Operand<T> epsilon = tf.dtypes.cast(tf.constant(BatchNorm.EPSILON), x.type());
    Operand<T> scale = tf.math.div(gamma, tf.math.sqrt(tf.math.add(variance, epsilon)));
    return tf.math.add(tf.math.mul(centred, scale), beta);
  }

  /**
   * Soft-label cross-entropy: the fused kernel training uses for float32, -sum(y * log_softmax(x))
   * for float64 (TensorFlow's C++ gradient of the fused op builds a float32 constant and cannot be
   * taken in float64).
   */
  @SuppressWarnings("unchecked")
  private static <T extends TNumber> Operand<T> crossEntropy(Ops tf, Operand<T> x, Operand<T> y) {
    if (x.type() == TFloat32.class) {
      return (Operand<T>)
          tf.nn.softmaxCrossEntropyWithLogits((Operand<TFloat32>) x, (Operand<TFloat32>) y).loss();
    }
    return tf.math.neg(tf.sum(tf.math.mul(y, tf.nn.logSoftmax(x)), tf.constant(1)));
  }

  private static Result check(Case c, ConfigProto options) {
    Random random = new Random(c.shape().hashCode());
    double[] x = gaussian(random, c.input().size());
    List<double[]> weights = new ArrayList<>();
    for (Shape w : c.weights()) {
      weights.add(gaussian(random, w.size()));
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      List<Output<?>> single = build(tf.withSubScope("float32"), c, x, weights, TFloat32.class);
      List<Output<?>> dbl = build(tf.withSubScope("float64"), c, x, weights, TFloat64.class);
      try (Session s = new Session(g, options)) {
        Session.Runner runner = s.runner();
        single.forEach(runner::fetch);
        dbl.forEach(runner::fetch);
        try (org.tensorflow.Result r = runner.run()) {
          int n = single.size();
          double output = relative((TFloat32) r.get(0), (TFloat64) r.get(n));
          double gradients = 0;
          for (int i = 1; i < n; i++) {
            gradients = Math.max(gradients, relative((TFloat32) r.get(i), (TFloat64) r.get(n + i)));
          }
          return new Result(c.layer(), c.shape(), output, gradients);
        }
      }
    }
  }

  /**
   * The case built in {@code type}: its output, then the gradients of sum(output * r) for the input
   * and each weight, r a fixed random tensor (every output gets its own gradient weight).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T extends TNumber> List<Output<?>> build(
      Ops tf, Case c, double[] x, List<double[]> weights, Class<T> type) {
    List<Operand<T>> w = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      w.add(fed(tf, c.weights().get(i), weights.get(i), type));
    }
    Operand<T> in = fed(tf, c.input(), x, type);
    Operand<T> y = c.body().apply(tf, in, (List) w);
    // The same r for both types: seeded from the output's shape.
    Shape ys = y.shape();
    double[] r = gaussian(new Random(ys.hashCode()), ys.size());
    Operand<T> weighting = tf.dtypes.cast(tf.constant(ys, DataBuffers.of(r)), type);
    // The axes are constants: a Rank of y would be folded with a control edge from y, which keeps
    // grappler from fusing a BatchNorm with the ReLU that makes y (see BatchNormReluFusion).
    int[] axes = java.util.stream.IntStream.range(0, ys.numDimensions()).toArray();
    Operand<T> loss = tf.sum(tf.math.mul(y, weighting), tf.constant(axes));
    List<Operand<?>> wrt = new ArrayList<>();
    wrt.add(in);
    wrt.addAll(w);
    List<Output<?>> out = new ArrayList<>();
    out.add(y.asOutput());
    out.addAll(
        BatchNormReluFusion.gradients(tf, loss, wrt)); // as training builds its backward pass
    return out;
  }

  /**
   * {@code v} (float32-exact values) as {@code type}, fed through PlaceholderWithDefault so that
   * grappler cannot fold the layer into a constant on its own kernels.
   */
  private static <T extends TNumber> Operand<T> fed(Ops tf, Shape s, double[] v, Class<T> type) {
    Operand<TFloat64> values = tf.constant(NdArrays.wrap(s, DataBuffers.of(v)));
    return tf.dtypes.cast(tf.placeholderWithDefault(values, s), type);
  }

  private static double relative(TFloat32 a, TFloat64 b) {
    float[] av = new float[(int) a.size()];
    double[] bv = new double[(int) b.size()];
    a.copyTo(DataBuffers.of(av, false, false));
    b.copyTo(DataBuffers.of(bv, false, false));
    double diff = 0;
    double scale = 0;
    for (int i = 0; i < av.length; i++) {
      diff = Math.max(diff, Math.abs(av[i] - bv[i]));
      scale = Math.max(scale, Math.abs(bv[i]));
    }
    return scale == 0 ? diff : diff / scale;
  }

  private static double[] gaussian(Random random, long n) {
    double[] v = new double[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian(); // float32-exact: both types read the same numbers
    }
    return v;
  }

  private static String dims(Shape s) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < s.numDimensions(); i++) {
      b.append(i == 0 ? "" : ",").append(s.get(i));
    }
    return b.append(']').toString();
  }
}

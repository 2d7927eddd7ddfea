package dev.rda.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.models.FeatureHook;
import dev.rda.models.Mode;
import dev.rda.models.Models;
import dev.rda.models.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.BatchNormReluFusion;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The step built on tensorflow-framework (its cross-entropy, its applyGradients) against a hand
 * computation, and against the project's own step as it was before the framework was used.
 */
class MomentumSgdTest {

  @Test
  void twoStepsOfALinearModelMatchAHandComputationWithTheFedLearningRate() {
    double[][] x = {{1, 2, -1}, {0.5, -1, 2}};
    double[][] y = {{0.7, 0.3, 0, 0}, {0, 0, 0.4, 0.6}}; // mixed rows, as Mixup makes them
    double[][] w = {{0.1, -0.2, 0.3, 0}, {0, 0.1, -0.1, 0.2}, {0.3, 0, 0.1, -0.3}};
    double m = 0.9;
    double wd = 0.01;
    double[] lrs = {0.1, 0.05};
    float[] tfLosses = new float[2];
    float[][] tfW = new float[3][4];
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> weights = tf.withInitScope().variable(tf.withInitScope().constant(f(w)));
      Placeholder<TFloat32> lr = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      Operand<TFloat32> loss =
          TrainStep.meanLoss(tf, tf.linalg.matMul(tf.constant(f(x)), weights), tf.constant(f(y)));
      Op step = new MomentumSgd(tf, m, wd).minimize(loss, List.of(weights), lr, List.of());
      s.initialize();
      for (int k = 0; k < 2; k++) {
        try (TFloat32 rate = TFloat32.scalarOf((float) lrs[k]);
            Result r = s.runner().feed(lr, rate).addTarget(step).fetch(loss).run()) {
          tfLosses[k] = ((TFloat32) r.get(0)).getFloat();
        }
      }
      try (TFloat32 t = (TFloat32) s.runner().fetch(weights).run().get(0)) {
        for (int i = 0; i < 3; i++) {
          for (int j = 0; j < 4; j++) {
            tfW[i][j] = t.getFloat(i, j);
          }
        }
      }
    }
    // By hand: L = mean_n CE(softmax(x_n W), y_n); dL/dW = x^T (softmax - y) / N; PyTorch's SGD.
    double[][] v = new double[3][4];
    for (int k = 0; k < 2; k++) {
      double[][] p = new double[2][4];
      double loss = 0;
      for (int n = 0; n < 2; n++) {
        double[] z = new double[4];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < 4; j++) {
          for (int i = 0; i < 3; i++) {
            z[j] += x[n][i] * w[i][j];
          }
          max = Math.max(max, z[j]);
        }
        double sum = 0;
        for (int j = 0; j < 4; j++) {
          sum += Math.exp(z[j] - max);
        }
        for (int j = 0; j < 4; j++) {
          p[n][j] = Math.exp(z[j] - max) / sum;
          loss -= y[n][j] * Math.log(p[n][j]) / 2;
        }
      }
      assertEquals(loss, tfLosses[k], 1e-6, "loss before step " + (k + 1));
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 4; j++) {
          double grad = 0;
          for (int n = 0; n < 2; n++) {
            grad += x[n][i] * (p[n][j] - y[n][j]) / 2;
          }
          v[i][j] = m * v[i][j] + grad + wd * w[i][j];
        }
      }
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 4; j++) {
          w[i][j] -= lrs[k] * v[i][j];
        }
      }
    }
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 4; j++) {
        assertEquals(w[i][j], tfW[i][j], 1e-6, "w[" + i + "][" + j + "]");
      }
    }
  }

  /**
   * Both steps with BatchNorm fused with ReLU (the framework's step does it, the own step is given
   * the same backward graph), so the same kernels run and the weights agree to 1e-7.
   */
  @Test
  void oneStepOfASmallNetworkEqualsTheProjectsOwnStepTo1e7() {
    List<float[]> framework = weights(Step.FRAMEWORK);
    double worst = largestDifference(weights(Step.OWN), framework);
    assertTrue(worst <= 1e-7, "largest difference " + worst);
  }

  /**
   * The fused BatchNorm + ReLU against the separate kernels the own step runs without the backward
   * graph's edits: a rounding apart (1.2e-7 seen with oneDNN capped at AVX2), not more.
   */
  @Test
  void batchNormFusedWithReluChangesAStepOnlyByRounding() {
    double worst = largestDifference(weights(Step.OWN_UNFUSED), weights(Step.FRAMEWORK));
    assertTrue(worst <= 1e-6, "largest difference " + worst);
  }

  private static double largestDifference(List<float[]> a, List<float[]> b) {
    assertEquals(a.size(), b.size());
    List<float[]> start = weights(Step.NONE);
    double worst = 0;
    boolean moved = false;
    for (int v = 0; v < a.size(); v++) {
      for (int i = 0; i < a.get(v).length; i++) {
        worst = Math.max(worst, Math.abs(a.get(v)[i] - b.get(v)[i]));
        moved |= a.get(v)[i] != start.get(v)[i];
      }
    }
    assertTrue(moved, "the step changed no weight");
    return worst;
  }

  private enum Step {
    NONE,
    FRAMEWORK,
    OWN,
    OWN_UNFUSED
  }

  /** Every trainable weight of a width-4 PreActResNet-18 after one step of the given kind. */
  private static List<float[]> weights(Step step) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Network net = Models.build("preact-resnet18", tf, new Models.Spec(4, 3, 5, 7, 0f));
      Random r = new Random(3);
      float[][][][] x = new float[8][16][16][3];
      float[][] y = new float[8][5];
      for (int n = 0; n < 8; n++) {
        y[n][n % 5] = 0.6f;
        y[n][(n + 1) % 5] = 0.4f;
        for (float[][] row : x[n]) {
          for (float[] px : row) {
            for (int c = 0; c < 3; c++) {
              px[c] = (float) r.nextGaussian();
            }
          }
        }
      }
      Operand<TFloat32> lr = tf.constant(0.1f);
      Op update = null;
      if (step == Step.FRAMEWORK) {
        update =
            TrainStep.build(
                    tf,
                    net,
                    tf.constant(x),
                    tf.constant(y),
                    FeatureHook.NONE,
                    new MomentumSgd(tf, 0.9, 5e-4),
                    lr)
                .update();
      } else if (step == Step.OWN || step == Step.OWN_UNFUSED) {
        update = ownStep(tf, net, tf.constant(x), tf.constant(y), lr, step == Step.OWN);
      }
      try (Session s = new Session(g)) {
        s.initialize();
        if (update != null) {
          s.runner().addTarget(update).run().close();
        }
        List<float[]> out = new ArrayList<>();
        for (Variable<TFloat32> w : net.parameters().trainable()) {
          try (TFloat32 t = (TFloat32) s.runner().fetch(w).run().get(0)) {
            float[] a = new float[(int) t.size()];
            t.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(a, false, false));
            out.add(a);
          }
        }
        return out;
      }
    }
  }

  /**
   * The project's step before tensorflow-framework: the mean of the fused soft-label cross-entropy,
   * then ApplyMomentum per weight after every gradient and BatchNorm statistic update.
   */
  private static Op ownStep(
      Ops tf,
      Network net,
      Operand<TFloat32> x,
      Operand<TFloat32> y,
      Operand<TFloat32> lr,
      boolean fused) {
    Ops train = tf.withSubScope("train");
    Operand<TFloat32> logits = net.forward(train, x, Mode.TRAIN, FeatureHook.NONE).logits();
    Operand<TFloat32> loss =
        train.math.mean(train.nn.softmaxCrossEntropyWithLogits(logits, y).loss(), tf.constant(0));
    List<Variable<TFloat32>> vars = net.parameters().trainable();
    List<Output<?>> grads =
        fused ? BatchNormReluFusion.gradients(tf, loss, vars) : tf.gradients(loss, vars).dy();
    List<Op> ready = new ArrayList<>(net.parameters().updates());
    ready.addAll(grads);
    Ops update = tf.withControlDependencies(ready);
    List<Op> steps = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      Variable<TFloat32> w = vars.get(i);
      @SuppressWarnings("unchecked")
      Operand<TFloat32> g =
          tf.math.add((Operand<TFloat32>) grads.get(i), tf.math.mul(w, tf.constant(5e-4f)));
      Ops init = tf.withInitScope();
      Variable<TFloat32> velocity =
          tf.variable(init.zeros(init.constant(w.shape()), TFloat32.class));
      steps.add(update.train.applyMomentum(w, velocity, lr, g, tf.constant(0.9f)));
    }
    return tf.withControlDependencies(steps).noOp();
  }

  private static float[][] f(double[][] a) {
    float[][] out = new float[a.length][a[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        out[i][j] = (float) a[i][j];
      }
    }
    return out;
  }
}

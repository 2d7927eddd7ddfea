package dev.rda.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.core.BadInputException;
import dev.rda.core.SessionOptions;
import dev.rda.models.FeatureHook;
import dev.rda.models.Models;
import dev.rda.models.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Replicas on CPU devices against one device on the same global batch: with synchronised BatchNorm
 * the losses, weights and BN statistics after a few steps agree within float error; with BatchNorm
 * per replica a step's loss is the mean of the replicas' own slices' losses.
 */
class ReplicationTest {
  private static final int BATCH = 8;
  private static final int STEPS = 4;

  /** Losses of each step, then every variable's values, flattened, after the steps. */
  private record Trained(float[] losses, float[] variables) {}

  private static float[][][][] images(int from, int n) {
    Random r = new Random(5);
    float[][][][] x = new float[BATCH][12][12][3];
    for (float[][][] image : x) {
      for (float[][] row : image) {
        for (float[] px : row) {
          for (int c = 0; c < 3; c++) {
            px[c] = (float) r.nextGaussian();
          }
        }
      }
    }
    return java.util.Arrays.copyOfRange(x, from, from + n);
  }

  private static float[][] labels(int from, int n) {
    float[][] y = new float[BATCH][4];
    for (int i = 0; i < BATCH; i++) {
      y[i][i % 4] = 1;
    }
    return java.util.Arrays.copyOfRange(y, from, from + n);
  }

  private static Trained train(Replication replication, int from, int n, int steps) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Network net = Models.build("preact-resnet18", tf, new Models.Spec(4, 3, 4, 3, 0f));
      TrainStep step =
          TrainStep.build(
              tf,
              net,
              tf.constant(images(from, n)),
              tf.constant(labels(from, n)),
              FeatureHook.NONE,
              new MomentumSgd(tf, 0.9, 5e-4),
              tf.constant(0.1f),
              replication);
      float[] losses = new float[steps];
      float[] flat;
      try (Session s = new Session(g, SessionOptions.of(2, replication.cpuDevices()))) {
        s.initialize();
        for (int i = 0; i < steps; i++) {
          try (Result r = s.runner().addTarget(step.update()).fetch(step.loss()).run()) {
            losses[i] = ((TFloat32) r.get(0)).getFloat();
          }
        }
        List<Variable<TFloat32>> all = new ArrayList<>(net.parameters().trainable());
        all.addAll(net.parameters().state());
        flat = VariableValues.read(s, all);
      }
      return new Trained(losses, flat);
    }
  }

  @Test
  void twoAndFourReplicasWithSynchronisedBatchNormTrainAsOneDevice() {
    Trained one = train(Replication.SINGLE, 0, BATCH, STEPS);
    for (int n : new int[] {2, 4}) {
      Trained many = train(Replication.local(n, DeviceSpec.DeviceType.CPU, true), 0, BATCH, STEPS);
      double losses = Differences.max(one.losses(), many.losses());
      double weights = Differences.max(one.variables(), many.variables());
      System.out.printf(
          "%d replicas vs one device after %d steps: max |loss difference| %.2e, max |variable"
              + " difference| %.2e over %d values%n",
          n, STEPS, losses, weights, one.variables().length);
      assertTrue(losses < 1e-4, n + " replicas: losses differ by " + losses);
      assertTrue(weights < 1e-4, n + " replicas: variables differ by " + weights);
    }
    // The weights did move: the comparison is not between two untrained networks.
    Trained untrained = train(Replication.SINGLE, 0, BATCH, 0);
    assertTrue(Differences.max(one.variables(), untrained.variables()) > 1e-3);
  }

  @Test
  void perReplicaBatchNormAveragesTheSlicesLosses() {
    Trained two = train(Replication.local(2, DeviceSpec.DeviceType.CPU, false), 0, BATCH, 1);
    Trained first = train(Replication.SINGLE, 0, BATCH / 2, 1);
    Trained second = train(Replication.SINGLE, BATCH / 2, BATCH / 2, 1);
    Trained whole = train(Replication.SINGLE, 0, BATCH, 1);
    assertEquals((first.losses()[0] + second.losses()[0]) / 2, two.losses()[0], 1e-5);
    // ... which is not the whole batch's loss: statistics per slice differ from the batch's.
    assertTrue(Math.abs(whole.losses()[0] - two.losses()[0]) > 1e-4);
  }

  @Test
  void eachReplicasBackwardPassRunsOnItsDevice() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Network net = Models.build("preact-resnet18", tf, new Models.Spec(4, 3, 4, 3, 0f));
      TrainStep.build(
          tf,
          net,
          tf.constant(images(0, BATCH)),
          tf.constant(labels(0, BATCH)),
          FeatureHook.NONE,
          new MomentumSgd(tf, 0.9, 5e-4),
          tf.constant(0.1f),
          Replication.local(2, DeviceSpec.DeviceType.CPU, false));
      java.util.Map<String, Integer> filterGradients = new java.util.TreeMap<>();
      for (var it = g.operations(); it.hasNext(); ) {
        var op = it.next();
        if (op.type().equals("Conv2DBackpropFilter") || op.type().equals("Conv2DBackpropInput")) {
          filterGradients.merge(op.device(), 1, Integer::sum);
        }
      }
      // PreActResNet-18: 20 convolutions per replica, each with a filter and an input gradient:
      // 40 backward convolutions on each replica's device, none left to the default device.
      assertEquals(java.util.Map.of("/device:CPU:0", 40, "/device:CPU:1", 40), filterGradients);
    }
  }

  @Test
  void aBatchThatDoesNotSplitEvenlyIsRefused() {
    Replication three = Replication.local(3, DeviceSpec.DeviceType.CPU, false);
    BadInputException e = assertThrows(BadInputException.class, () -> three.checkBatch(128));
    assertEquals(
        "config field 'batchSize': 128 must divide evenly over the 3 replicas", e.getMessage());
  }
}

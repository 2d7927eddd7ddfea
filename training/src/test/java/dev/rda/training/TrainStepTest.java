package dev.rda.training;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.models.FeatureHook;
import dev.rda.models.Models;
import dev.rda.models.Network;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** Every registered network, at a small width, takes a real training step: gradients exist. */
class TrainStepTest {

  @Test
  void everyModelTrains() {
    for (String name : Models.names()) {
      int width = name.startsWith("wrn") ? 1 : 4;
      try (Graph g = new Graph()) {
        Ops tf = Ops.create(g);
        Network net = Models.build(name, tf, new Models.Spec(width, 3, 5, 1, 0.3f));
        java.util.Random r = new java.util.Random(2);
        float[][][][] x = new float[4][32][32][3];
        float[][] y = new float[4][5];
        for (int i = 0; i < 4; i++) {
          y[i][i] = 1;
          for (float[][] row : x[i]) {
            for (float[] px : row) {
              for (int c = 0; c < 3; c++) {
                px[c] = (float) r.nextGaussian() + i;
              }
            }
          }
        }
        TrainStep step =
            TrainStep.build(
                tf,
                net,
                tf.constant(x),
                tf.constant(y),
                FeatureHook.NONE,
                new MomentumSgd(tf, 0.9, 5e-4),
                tf.constant(0.05f));
        Variable<TFloat32> first = net.parameters().trainable().get(0);
        Variable<TFloat32> mean = net.parameters().state().get(0);
        try (Session s = new Session(g)) {
          s.initialize();
          float w0 = scalar(s, first);
          float m0 = scalar(s, mean);
          float loss0 = Float.NaN;
          float loss = Float.NaN;
          for (int i = 0; i < 8; i++) {
            try (Result res = s.runner().addTarget(step.update()).fetch(step.loss()).run()) {
              loss = ((TFloat32) res.get(0)).getFloat();
              loss0 = i == 0 ? loss : loss0;
            }
          }
          assertTrue(Float.isFinite(loss), name + " loss " + loss);
          assertTrue(loss < loss0, name + ": loss " + loss0 + " -> " + loss + " on one batch");
          assertNotEquals(w0, scalar(s, first), name + ": weights did not move");
          assertNotEquals(m0, scalar(s, mean), name + ": BN moving mean did not move");
        }
      }
    }
  }

  private static float scalar(Session s, Operand<TFloat32> v) {
    try (Result r = s.runner().fetch(v).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      return t.getFloat(new long[t.rank()]);
    }
  }
}

package dev.rda.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class BatchNormTest {

  /**
   * Channel 0 holds 1, 2, 3, 4 over a batch of four 1x1 images, channel 1 holds 10, 10, 10, 30.
   * Training normalises with those batch statistics; one update moves the averages a tenth of the
   * way (PyTorch's momentum 0.1, its unbiased variance); evaluation normalises with the averages.
   */
  @Test
  void trainingUsesBatchStatisticsAndEvaluationTheMovingAverages() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Parameters params = new Parameters(0);
      BatchNorm bn = new BatchNorm(tf, params, 2, 0.9f);
      Operand<TFloat32> x =
          tf.constant(new float[][][][] {{{{1, 10}}}, {{{2, 10}}}, {{{3, 10}}}, {{{4, 30}}}});
      Operand<TFloat32> train = bn.apply(tf, x, Mode.TRAIN);
      Operand<TFloat32> eval = bn.apply(tf, x, Mode.EVAL);
      try (Session s = new Session(g)) {
        s.initialize();
        try (Result r = s.runner().fetch(train).fetch(eval).run()) {
          TFloat32 y = (TFloat32) r.get(0);
          // Batch mean 2.5, biased variance 1.25.
          assertEquals((1 - 2.5) / Math.sqrt(1.25 + 1e-5), y.getFloat(0, 0, 0, 0), 1e-5);
          // Batch mean 15, biased variance 75.
          assertEquals((30 - 15) / Math.sqrt(75 + 1e-5), y.getFloat(3, 0, 0, 1), 1e-5);
          // Fresh averages (0, 1): evaluation is the identity up to epsilon.
          assertEquals(30 / Math.sqrt(1 + 1e-5), ((TFloat32) r.get(1)).getFloat(3, 0, 0, 1), 1e-4);
        }
        var runner = s.runner();
        params.updates().forEach(runner::addTarget);
        runner.run();
        try (Result r = s.runner().fetch(eval).run()) {
          // Moving mean 0.25, variance 0.9 + 0.1 * 5/3 (unbiased: 1.25 * 4/3).
          double var = 0.9 + 0.1 * (1.25 * 4 / 3);
          assertEquals(
              (4 - 0.25) / Math.sqrt(var + 1e-5), ((TFloat32) r.get(0)).getFloat(3, 0, 0, 0), 1e-5);
        }
      }
    }
  }
}

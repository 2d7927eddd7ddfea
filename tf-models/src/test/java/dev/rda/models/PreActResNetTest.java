package dev.rda.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class PreActResNetTest {

  @Test
  void cifarPreActResNet18HasThePublishedParameterCount() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      PreActResNet net = PreActResNet.resnet18(tf, 0, 64, 3, 10);
      // With the final BN-ReLU of the pre-activation design (11,171,146 without it).
      assertEquals(11_172_170L, net.parameters().trainableCount());
      // 17 BatchNorms (2 per block, 1 final) over 3,904 channels, each with a moving mean and
      // variance that the optimizer never sees.
      assertEquals(34, net.parameters().state().size());
      assertEquals(
          2 * 3904L, net.parameters().state().stream().mapToLong(v -> v.shape().size()).sum());
    }
  }

  @Test
  void shapesAndBatchNormModes() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Network net = PreActResNet.resnet18(tf, 3, 4, 1, 10);
      float[][][][] images = new float[6][28][28][1];
      java.util.Random r = new java.util.Random(1);
      for (float[][][] im : images) {
        for (float[][] row : im) {
          for (float[] px : row) {
            px[0] = (float) r.nextGaussian() * 3 + 2;
          }
        }
      }
      Operand<TFloat32> x = tf.constant(images);
      Operand<TFloat32> train = net.logits(tf.withSubScope("train"), x, Mode.TRAIN);
      Operand<TFloat32> eval = net.logits(tf.withSubScope("eval"), x, Mode.EVAL);
      assertEquals(Shape.of(6, 10), train.shape());
      assertEquals(Shape.of(6, 10), eval.shape());
      try (Session s = new Session(g);
          Result res = s.runner().fetch(train).fetch(eval).run()) {
        TFloat32 a = (TFloat32) res.get(0);
        TFloat32 b = (TFloat32) res.get(1);
        // Batch statistics (mean 2, std 3 inputs) and fresh moving averages (0, 1) disagree.
        assertNotEquals(a.getFloat(0, 0), b.getFloat(0, 0));
        assertTrue(Float.isFinite(a.getFloat(5, 9)) && Float.isFinite(b.getFloat(5, 9)));
      }
      // Only the training path updates the moving averages: two assignments per BatchNorm.
      assertEquals(34, net.parameters().updates().size());
    }
  }
}

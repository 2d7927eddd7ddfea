package dev.rda.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class FeatureHookTest {

  @Test
  void preActResNetOffersTheInputAndTheFirstTwoStageOutputs() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      PreActResNet net = PreActResNet.resnet18(tf, 1, 4, 3, 10);
      List<String> calls = new ArrayList<>();
      net.forward(
          tf,
          tf.placeholder(
              TFloat32.class,
              org.tensorflow.op.core.Placeholder.shape(
                  org.tensorflow.ndarray.Shape.of(-1, 32, 32, 3))),
          Mode.TRAIN,
          (t, point, x) -> {
            calls.add(point + ":" + x.shape());
            return x;
          });
      assertEquals(3, net.mixingPoints());
      assertEquals(List.of("0:[-1, 32, 32, 3]", "1:[-1, 32, 32, 4]", "2:[-1, 16, 16, 8]"), calls);
    }
  }
}

package dev.rda.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.models.Models;
import dev.rda.training.Replication;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.StepStats;

class StepProfileTest {

  private static NodeExecStats node(String name, String label, long start, long end) {
    return NodeExecStats.newBuilder()
        .setNodeName(name)
        .setTimelineLabel(label)
        .setOpStartRelMicros(start)
        .setOpEndRelMicros(end)
        .build();
  }

  private static RunMetadata trace(NodeExecStats... nodes) {
    return RunMetadata.newBuilder()
        .setStepStats(
            StepStats.newBuilder()
                .addDevStats(DeviceStepStats.newBuilder().addAllNodeStats(List.of(nodes))))
        .build();
  }

  @Test
  void kernelTimesAreSummedByTheirRewrittenOpType() {
    RunMetadata a =
        trace(
            node("net/conv1", "net/conv1 = _MklNativeConv2D(x, w)", 10, 40),
            node("net/conv2", "net/conv2 = _MklNativeConv2D(y, w2)", 50, 70),
            node("net/relu", "net/relu = Relu(net/conv1)", 40, 45),
            node("_SOURCE", "", 0, 1));
    RunMetadata b =
        trace(
            node("net/conv1", "net/conv1 = _MklNativeConv2D(x, w)", 0, 30),
            node("net/relu", "net/relu = Relu(net/conv1)", 30, 33));
    StepProfile p = StepProfile.of(List.of(a, b));
    assertEquals(2, p.steps());
    assertEquals(new StepProfile.Kernel("_MklNativeConv2D", 80, 1), p.kernels().get(0));
    assertEquals(new StepProfile.Kernel("Relu", 8, 1), p.kernels().get(1));
    assertEquals(new StepProfile.Kernel("_SOURCE", 1, 0), p.kernels().get(2));
    assertEquals(89, p.totalMicros());
    String table = p.table(1);
    assertTrue(table.contains("_MklNativeConv2D"), table);
    assertTrue(table.contains("(2 other kernels)"), table);
    assertTrue(table.matches("(?s).*sum of kernel times\\s+0\\.04\\b.*"), table); // 89 us / 2 steps
  }

  private static int nodes(StepProfile p, String type) {
    return p.kernels().stream().filter(k -> k.type().equals(type)).mapToInt(k -> k.nodes()).sum();
  }

  @Test
  void aTracedTrainingStepSpendsItsTimeInConvolutionsAndFusesBatchNormWithRelu() {
    try (StepTimer timer =
        new StepTimer(
            "preact-resnet18",
            new Models.Spec(4, 3, 10, 0, 0f),
            new int[] {16, 16, 3},
            8,
            StepTimer.Feed.MEMORY,
            Replication.SINGLE,
            2,
            dev.rda.core.Precision.FLOAT32)) {
      StepProfile p = timer.profile(2);
      assertEquals(2, p.steps());
      StepProfile.Kernel conv =
          p.kernels().stream()
              .filter(k -> k.type().contains("Conv2DBackpropFilter"))
              .findFirst()
              .orElseThrow(() -> new AssertionError(p.table(30)));
      // PreActResNet-18: 17 3x3 convolutions and 3 strided 1x1 shortcuts, each with a filter
      // gradient (narrow strided 1x1 ones run as stride-1 convolutions of a subsampled input).
      assertEquals(20, conv.nodes(), p.table(30));
      assertTrue(p.totalMicros() > 0);
      // Each of the 17 BatchNorms runs fused with the ReLU after it (BatchNormReluFusion): no
      // ReLU is left to run on its own.
      assertEquals(17, nodes(p, "_MklNativeFusedBatchNormEx"), p.table(30));
      assertEquals(0, nodes(p, "Relu"), p.table(30));
    }
  }
}

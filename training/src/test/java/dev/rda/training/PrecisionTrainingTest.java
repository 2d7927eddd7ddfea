package dev.rda.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.rda.core.Precision;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * model.precision bfloat16 trains the same run to nearly the same numbers where the CPU computes in
 * bfloat16, and to exactly float32's where it cannot (an AVX2 CPU, or ONEDNN_MAX_CPU_ISA=AVX2).
 */
class PrecisionTrainingTest {
  @TempDir Path tmp;

  private static TrainConfig config(String precision) {
    TrainConfig c = Fixtures.config(2, 0, null);
    return c.withModel(
        new TrainConfig.ModelConfig(c.model().name(), c.model().width(), 0f, Map.of(), precision));
  }

  /** The test loss and top-1 of the checkpoint at {@code prefix} evaluated in {@code precision}. */
  private static Evaluator.Evaluation evaluate(String precision, String prefix, TrainingData data) {
    try (EvaluationGraph g = new EvaluationGraph(config(precision), data, 2)) {
      g.restore(prefix);
      return g.evaluate("test");
    }
  }

  @Test
  void bfloat16EvaluatesATrainedNetworkCloseToFloat32WhereTheCpuHasIt() {
    TrainConfig config = config("float32");
    config.validate();
    RunDirectory dir = RunDirectory.create(tmp.resolve("run"), config);
    TrainingData data = Fixtures.data(config);
    Training.train(dir, data, 2, List.of());
    String prefix = dir.prefix(dir.latestCheckpoint().orElseThrow());
    Evaluator.Evaluation single = evaluate("float32", prefix, data);
    Evaluator.Evaluation half = evaluate("bfloat16", prefix, data);
    assertEquals(dir.metrics().get(1).testLoss(), single.loss(), 1e-6, "float32 re-evaluated");
    if (Precision.unsupportedHere() != null) {
      assertEquals(single.loss(), half.loss(), "no bfloat16 here, so float32 exactly");
    } else {
      // bfloat16 keeps 8 bits of mantissa: the same weights give a loss off by well under 1%.
      assertNotEquals(single.loss(), half.loss(), "bfloat16 was not used");
      assertEquals(single.loss(), half.loss(), 0.01 * single.loss());
    }
    System.out.printf(
        "test loss of one checkpoint: float32 %.6f, bfloat16 %.6f (%s)%n",
        single.loss(),
        half.loss(),
        Precision.unsupportedHere() == null ? "bfloat16 here" : Precision.unsupportedHere());
  }
}

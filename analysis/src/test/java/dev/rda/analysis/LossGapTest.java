package dev.rda.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.training.EpochMetrics;
import dev.rda.training.Fixtures;
import dev.rda.training.Phase;
import dev.rda.training.RunDirectory;
import dev.rda.training.TrainConfig;
import dev.rda.training.Training;
import dev.rda.training.TrainingData;
import dev.rda.training.TrainingGraph;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Table 2's figures from a tiny trained model, against other ways of computing the same. */
class LossGapTest {
  @TempDir Path tmp;

  @Test
  void gapRowsComeFromTheMetricsAndTheRestoredModel() {
    TrainConfig config = Fixtures.config(3, 1, "mixup(gamma=1.0)");
    TrainingData data = Fixtures.data(config);
    RunDirectory run = RunDirectory.create(tmp.resolve("run"), config);
    Training.train(run, data, 2, List.of());
    List<EpochMetrics> m = run.metrics();

    LossGap.Row row = LossGap.of(run, data, 2);
    assertEquals(2, row.switchEpoch());
    assertEquals(m.get(1).trainLossAugmented(), row.augAtSwitch());
    assertEquals(m.get(1).trainLossClean(), row.cleanAtSwitch());
    assertEquals(m.get(2).trainLossClean(), row.cleanAtEnd());
    // The restored model in a new graph gives the clean loss the trainer measured at the end.
    assertEquals(m.get(2).trainLossClean(), row.measured().clean(), 1e-5);
    // Mixup makes training data harder than clean data for the trained model.
    assertTrue(row.measured().augIntensive() > row.measured().clean(), row.toString());

    String table = LossGap.table(List.of(row));
    assertTrue(table.contains("run (x 1e-3)"), table);
    assertTrue(table.contains(LossGap.milli(row.augAtSwitch())), table);
  }

  @Test
  void lossOnATrainingPipelineMatchesTheEvaluationPathOnTheSameImages() {
    // No augmentation, all 256 training images in whole batches of 32, clean sample = all of them:
    // the training pipeline's evaluation-mode loss must equal the clean evaluation's.
    TrainConfig config =
        Fixtures.withAugment(
            Fixtures.config(1, 0, "mixup(gamma=1.0)"),
            new TrainConfig.AugmentConfig(List.of(), "mixup(gamma=1.0)"));
    TrainingData data = Fixtures.data(config);
    try (TrainingGraph graph = new TrainingGraph(config, data, 2)) {
      graph.initialize();
      double clean = graph.evaluate("clean").loss();
      AugmentedLoss augmented = new AugmentedLoss(graph);
      assertEquals(clean, augmented.on(TrainingGraph.STANDARD, 0f, 5), 1e-5);
      // Mixup at strength 0 mixes nothing: the same images, the same loss.
      assertEquals(clean, augmented.on(Phase.INTENSIVE, 0f, 5), 1e-5);
      assertTrue(Math.abs(augmented.on(Phase.INTENSIVE, 1f, 5) - clean) > 1e-4);
    }
  }

  @Test
  void milliFormatsAsThePaperPrints() {
    assertEquals("1356", LossGap.milli(1.3564));
    assertEquals("98.0", LossGap.milli(0.098));
    assertEquals("3.30", LossGap.milli(0.0033));
  }
}

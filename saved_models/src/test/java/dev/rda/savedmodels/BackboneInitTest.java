package dev.rda.savedmodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.core.BadInputException;
import dev.rda.training.Fixtures;
import dev.rda.training.Phase;
import dev.rda.training.Replication;
import dev.rda.training.RunDirectory;
import dev.rda.training.TrainConfig;
import dev.rda.training.Training;
import dev.rda.training.TrainingData;
import dev.rda.training.TrainingGraph;
import dev.rda.training.TrainingListener;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new run started from an exported model's weights. */
class BackboneInitTest {
  @TempDir Path tmp;

  @Test
  void aNewRunStartsFromTheExportedWeightsByName() {
    TrainConfig config = Fixtures.config(2, 0, "mixup(gamma=1.0)");
    TrainingData data = Fixtures.data(config);
    RunDirectory a = RunDirectory.create(tmp.resolve("a"), config);
    Training.train(a, data, 2, List.of());
    Path exported = tmp.resolve("a-export");
    ClassifierExport.export(a, "last", data.spec(), data.normalization(), exported);

    RunDirectory b = RunDirectory.create(tmp.resolve("b"), config);
    BackboneInit.Report report = startOnly(b, data, exported, null);
    assertEquals(0, report.skipped());
    assertEquals(0, report.unused());
    assertEquals(0, b.latestCheckpoint().orElseThrow().epoch());
    // B's epoch-0 weights are A's last ones (BN statistics included): the same test accuracy.
    try (TrainingGraph g = new TrainingGraph(config, data, 2)) {
      g.restore(b.prefix(b.latestCheckpoint().orElseThrow()));
      assertEquals(a.metrics().get(1).testTop1(), g.evaluate("test").top1(), 1e-9);
    }
    // Training continues from there as from any checkpoint (the weights are not copied again).
    Training.train(b, data, 2, List.of());
    assertEquals(2, b.metrics().size());

    // Skipped variables keep their initialisation; the classifier is two of them.
    RunDirectory c = RunDirectory.create(tmp.resolve("c"), config);
    BackboneInit.Report partial = startOnly(c, data, exported, Pattern.compile("/classifier/"));
    assertEquals(2, partial.skipped());
    assertEquals(report.copied() - 2, partial.copied());
  }

  @Test
  void mismatchedVariablesAreListedAndNothingIsWritten() {
    TrainConfig config = Fixtures.config(1, 0, "mixup(gamma=1.0)");
    TrainingData data = Fixtures.data(config);
    RunDirectory a = RunDirectory.create(tmp.resolve("a"), config);
    Training.train(a, data, 2, List.of());
    Path exported = tmp.resolve("a-export");
    ClassifierExport.export(a, "last", data.spec(), data.normalization(), exported);

    TrainConfig wider =
        new TrainConfig(
            "wider",
            new TrainConfig.ModelConfig("preact-resnet18", 8),
            config.data(),
            1,
            0,
            config.batchSize(),
            config.augment(),
            config.optimizer(),
            config.seed());
    RunDirectory w = RunDirectory.create(tmp.resolve("w"), wider);
    BadInputException e =
        assertThrows(BadInputException.class, () -> startOnly(w, data, exported, null));
    assertTrue(
        e.getMessage().contains("89 variables do not match, e.g. preact_resnet/stem/kernel"),
        e.getMessage());
    assertTrue(e.getMessage().contains("[3, 3, 1, 4] there, [3, 3, 1, 8] here"), e.getMessage());
    assertFalse(w.latestCheckpoint().isPresent());

    BadInputException none =
        assertThrows(
            BadInputException.class,
            () -> startOnly(w, data, tmp.resolve("nope"), null));
    assertTrue(none.getMessage().endsWith("not a SavedModel (no saved_model.pb)"));
  }

  /** Starts {@code dir} from {@code exported} and stops before its first epoch trains. */
  private static BackboneInit.Report startOnly(
      RunDirectory dir, TrainingData data, Path exported, Pattern skip) {
    BackboneInit.Report[] report = new BackboneInit.Report[1];
    TrainingListener stop =
        new TrainingListener() {
          @Override
          public void onEpochStart(int epoch, Phase phase, double lr, int images) {
            throw new IllegalStateException("stopped before epoch " + epoch);
          }
        };
    try {
      Training.train(
          dir,
          data,
          2,
          Replication.SINGLE,
          List.of(stop),
          dir.config().epochs(),
          BackboneInit.start(exported, skip, r -> report[0] = r));
      throw new AssertionError("the run did not stop");
    } catch (IllegalStateException stopped) {
      assertEquals("stopped before epoch 1", stopped.getMessage());
    }
    return report[0];
  }
}

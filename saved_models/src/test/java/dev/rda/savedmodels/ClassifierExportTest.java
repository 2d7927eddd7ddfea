package dev.rda.savedmodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.core.BadInputException;
import dev.rda.data.ImageSet;
import dev.rda.models.Mode;
import dev.rda.training.EpochMetrics;
import dev.rda.training.Fixtures;
import dev.rda.training.RunDirectory;
import dev.rda.training.Summary;
import dev.rda.training.TrainConfig;
import dev.rda.training.Training;
import dev.rda.training.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/** Export a tiny trained run, load it back, and get the run's own test accuracy. */
class ClassifierExportTest {
  @TempDir Path tmp;

  @Test
  void exportedModelReproducesTheRunsTestAccuracy() throws Exception {
    // A centre crop in evaluation exercises the preprocessing inside the SavedModel.
    TrainConfig base = Fixtures.config(3, 1, "mixup(gamma=1.0)");
    TrainConfig config =
        Fixtures.withAugment(
            base,
            new TrainConfig.AugmentConfig(
                base.augment().standard(),
                List.of(),
                base.augment().batch(),
                null,
                List.of("center-crop(fraction=0.75)")));
    TrainingData data = Fixtures.data(config);
    RunDirectory run = RunDirectory.create(tmp.resolve("run"), config);
    Training.train(run, data, 2, List.of());
    EpochMetrics last = run.metrics().get(2);

    Path out = tmp.resolve("exported");
    ClassifierExport.Info info =
        ClassifierExport.export(run, "last", data.spec(), data.normalization(), out);
    assertEquals(3, info.epoch());
    assertEquals(last.testTop1(), info.testTop1());

    ImageSet test = (ImageSet) data.test();
    SavedModelEvaluation.Accuracy a = SavedModelEvaluation.evaluate(out, test, 50);
    assertEquals(128, a.images());
    assertEquals(Math.round(last.testTop1() * 128 / 100), a.correct());

    // The features signature: penultimate width 8 x width, and the stage maps.
    try (SavedModelBundle bundle = SavedModelBundle.load(out.toString(), "serve");
        TUint8 x =
            TUint8.tensorOf(Shape.of(2, 8, 8, 1), DataBuffers.of(new byte[128], true, false));
        Result r =
            bundle.function(ClassifierExport.FEATURES).call(Map.<String, Tensor>of("images", x))) {
      TFloat32 penultimate = (TFloat32) r.get("penultimate").orElseThrow();
      assertEquals(Shape.of(2, 32), penultimate.shape());
      assertTrue(r.get("stage1").isPresent() && r.get("stage4").isPresent());
    }

    // The best epoch's weights (kept whichever epoch it was) reproduce that epoch's accuracy.
    int best = Summary.of("tiny", run.metrics()).bestEpoch();
    Path bestOut = tmp.resolve("best");
    assertEquals(
        best,
        ClassifierExport.export(run, "best", data.spec(), data.normalization(), bestOut).epoch());
    assertEquals(
        Math.round(run.metrics().get(best - 1).testTop1() * 128 / 100),
        SavedModelEvaluation.evaluate(bestOut, test, 50).correct());
    RunDirectory.deleteTree(bestOut);

    // Exporting again replaces the directory whole; nothing is left beside it.
    ClassifierExport.export(run, "last", data.spec(), data.normalization(), out);
    try (var siblings = Files.list(tmp)) {
      assertEquals(
          List.of("exported", "run"),
          siblings.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void theExportedAverageReproducesTheRunsEmaAccuracy() {
    TrainConfig config =
        Fixtures.config(3, 1, "mixup(gamma=1.0)")
            .withEma(new TrainConfig.EmaConfig(0.8, null, null, null, "keep"));
    TrainingData data = Fixtures.data(config);
    RunDirectory run = RunDirectory.create(tmp.resolve("run"), config);
    Training.train(run, data, 2, List.of());
    EpochMetrics last = run.metrics().get(2);
    ImageSet test = (ImageSet) data.test();
    Path ema = tmp.resolve("ema");
    ClassifierExport.Info info =
        ClassifierExport.export(
            run, "last", ClassifierExport.Weights.EMA, data.spec(), data.normalization(), ema);
    assertEquals("ema", info.weights());
    assertEquals(last.emaTestTop1(), info.testTop1());
    assertEquals(
        Math.round(last.emaTestTop1() * 128 / 100),
        SavedModelEvaluation.evaluate(ema, test, 50).correct());
    // The raw weights are still the raw ones.
    Path raw = tmp.resolve("raw");
    ClassifierExport.export(run, "last", data.spec(), data.normalization(), raw);
    assertEquals(
        Math.round(last.testTop1() * 128 / 100),
        SavedModelEvaluation.evaluate(raw, test, 50).correct());
    // A run without an average has none to export: one line naming the run.
    TrainConfig plain = Fixtures.config(1, 0, null);
    RunDirectory none = RunDirectory.create(tmp.resolve("plain"), plain);
    Training.train(none, Fixtures.data(plain), 2, List.of());
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () ->
                ClassifierExport.export(
                    none,
                    "last",
                    ClassifierExport.Weights.EMA,
                    data.spec(),
                    data.normalization(),
                    tmp.resolve("x")));
    assertTrue(
        e.getMessage().startsWith(none.root() + ": keeps no weight average"), e.getMessage());
  }

  @Test
  void theExportedLogitsAreTheCheckpointsLogits() {
    TrainConfig config = Fixtures.config(2, 1, "mixup(gamma=1.0)");
    TrainingData data = Fixtures.data(config);
    RunDirectory run = RunDirectory.create(tmp.resolve("run"), config);
    Training.train(run, data, 2, List.of());
    Path out = tmp.resolve("exported");
    ClassifierExport.export(run, "last", data.spec(), data.normalization(), out);

    ImageSet test = (ImageSet) data.test();
    int n = 16;
    byte[] pixels = java.util.Arrays.copyOf(test.pixels(), n * test.imageBytes());
    Shape shape = Shape.of(n, test.height(), test.width(), test.channels());
    float[] exported = new float[n * 4];
    try (SavedModelBundle bundle = SavedModelBundle.load(out.toString(), "serve");
        TUint8 x = TUint8.tensorOf(shape, DataBuffers.of(pixels, true, false));
        Result r =
            bundle.function(ClassifierExport.SERVING).call(Map.<String, Tensor>of("images", x))) {
      ((TFloat32) r.get("logits").orElseThrow()).copyTo(DataBuffers.of(exported, false, false));
    }
    // The same network built afresh, the checkpoint restored, the images normalised here.
    float[] direct = new float[n * 4];
    float[] normalised = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      int c = i % test.channels();
      normalised[i] =
          ((pixels[i] & 0xff) / 255f - data.normalization().mean()[c])
              / data.normalization().std()[c];
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> logits =
          config
              .network(tf, data.spec())
              .logits(tf, tf.constant(shape, DataBuffers.of(normalised, true, false)), Mode.EVAL);
      try (Session s = new Session(g)) {
        s.restore(run.prefix(run.latestCheckpoint().orElseThrow()));
        try (TFloat32 t = (TFloat32) s.runner().fetch(logits).run().get(0)) {
          t.copyTo(DataBuffers.of(direct, false, false));
        }
      }
    }
    double maxDiff = 0;
    for (int i = 0; i < direct.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(direct[i] - exported[i]));
    }
    assertTrue(maxDiff < 1e-5, "max |logit difference| " + maxDiff);
    assertTrue(Math.abs(direct[0]) + Math.abs(direct[1]) > 0, "logits are not all zero");
  }

  @Test
  void aRunWithoutCheckpointIsRefusedAndNothingIsWritten() {
    TrainConfig config = Fixtures.config(2, 0, "mixup(gamma=1.0)");
    TrainingData data = Fixtures.data(config);
    RunDirectory run = RunDirectory.create(tmp.resolve("fresh"), config);
    Path out = tmp.resolve("never");
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> ClassifierExport.export(run, "last", data.spec(), data.normalization(), out));
    assertTrue(e.getMessage().endsWith("has no checkpoint"), e.getMessage());
    assertFalse(Files.exists(out));
  }
}

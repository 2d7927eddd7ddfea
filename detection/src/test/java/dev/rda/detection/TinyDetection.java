package dev.rda.detection;

import dev.rda.savedmodels.ClassifierExport;
import dev.rda.training.Fixtures;
import dev.rda.training.RunDirectory;
import dev.rda.training.TrainConfig;
import dev.rda.training.Training;
import dev.rda.training.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A tiny exported backbone and a config sized for tests. */
final class TinyDetection {
  private TinyDetection() {}

  /** Trains the fixture classifier for one epoch and exports it under {@code dir}. */
  static Path backbone(Path dir) {
    Path out = dir.resolve("backbone");
    if (Files.exists(out)) {
      return out;
    }
    // Width 16: PreActResNet-18 at width 4 or 8 on inputs of 48 px and more crashes oneDNN
    // (README).
    TrainConfig tiny = Fixtures.config(1, 0, null);
    TrainConfig config =
        new TrainConfig(
            tiny.name(),
            new TrainConfig.ModelConfig("preact-resnet18", 16),
            tiny.data(),
            tiny.epochs(),
            tiny.refineEpochs(),
            tiny.batchSize(),
            tiny.augment(),
            tiny.optimizer(),
            tiny.seed());
    TrainingData data = Fixtures.data(config);
    RunDirectory run = RunDirectory.create(dir.resolve("classifier"), config);
    Training.train(run, data, 2, List.of());
    ClassifierExport.export(run, "last", data.spec(), data.normalization(), out);
    return out;
  }

  /**
   * A config for {@code side}-pixel images and a {@code layout} detector; the pyramid reads the
   * backbone's stages 2-4 (strides 2, 4, 8) and adds a level of stride 16.
   */
  static DetectionConfig config(Path backbone, Path voc, int side, DetectorLayout layout) {
    return new DetectionConfig(
        "tiny",
        backbone.toString(),
        layout.id(),
        null,
        new DetectionConfig.Fpn(16, List.of("stage2", "stage3", "stage4")),
        "(?!)",
        voc.toString(),
        "trainval",
        "test",
        new DetectionConfig.Scale(side, side),
        true,
        layout == DetectorLayout.FPN ? List.of(8, 16, 32, 64) : List.of(16, 32),
        List.of(0.5, 1.0, 2.0),
        new DetectionConfig.Rpn(16, 64, 0.5, 0.7, 0.3, 300, 50, 300, 50, 0.7),
        new DetectionConfig.Head(3, 2, 32, 32, 0.25, 0.5, 0.05, 0.3, 20),
        3,
        4,
        0.01,
        List.of(2),
        0.1,
        0.9,
        1e-4,
        0);
  }
}

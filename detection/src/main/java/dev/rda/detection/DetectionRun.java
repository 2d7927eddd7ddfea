package dev.rda.detection;

import dev.rda.core.BadInputException;
import dev.rda.core.Json;
import dev.rda.savedmodels.ClassifierExport;
import dev.rda.training.Checkpoints;
import dev.rda.training.RunFiles;
import dev.rda.training.VariableFiles;
import java.nio.file.Path;
import java.util.List;

/**
 * A detection run's directory: the files every run has ({@link RunFiles}: {@code config.json},
 * {@code metrics.jsonl} with one {@link Epoch} per line, {@code checkpoints/}, the last two, {@code
 * latest.json} moving last so a resume is exact) and {@code evaluation.json} (per-class VOC07 AP
 * and mAP on the test split).
 */
public final class DetectionRun {
  private static final String EVALUATION = "evaluation.json";

  /** What an epoch did: its LR, mean losses, speed. Epochs count from 1. */
  public record Epoch(
      int epoch,
      double lr,
      double rpnClassLoss,
      double rpnBoxLoss,
      double headClassLoss,
      double headBoxLoss,
      double imagesPerSecond,
      double seconds) {
    public double loss() {
      return rpnClassLoss + rpnBoxLoss + headClassLoss + headBoxLoss;
    }
  }

  /** One class's AP on the test split: NaN when it has no (non-difficult) object there. */
  public record ClassAp(String name, int objects, double ap) {}

  /**
   * A split's evaluation: after which epoch, on how many images, how many detections (0 in files
   * written before they were counted), per class and mean.
   */
  public record Evaluation(
      int epoch, String split, int images, int detections, List<ClassAp> classes, double map) {}

  private final RunFiles<DetectionConfig, Epoch> files;

  private DetectionRun(RunFiles<DetectionConfig, Epoch> files) {
    this.files = files;
  }

  public static DetectionRun create(Path root, DetectionConfig config) {
    return new DetectionRun(RunFiles.create(root, config, DetectionConfig.class, Epoch.class));
  }

  public static DetectionRun open(Path root) {
    return new DetectionRun(
        RunFiles.open(root, "a detection run directory", DetectionConfig.class, Epoch.class));
  }

  public Path root() {
    return files.root();
  }

  public DetectionConfig config() {
    Path file = root().resolve("config.json");
    try {
      // Runs written before the layouts had one square input size and no layout.
      if (Json.MAPPER.readTree(file.toFile()).has("imageSize")) {
        throw new BadInputException(
            file,
            "was written before detection had layouts and per-image scaling (it has imageSize);"
                + " train the run again");
      }
    } catch (java.io.IOException e) {
      // Not JSON, or not readable: reading it as a config says so in one line.
    }
    return files.config();
  }

  public Checkpoints checkpoints() {
    return files.checkpoints();
  }

  /**
   * The checkpoint after {@code epoch} epochs if it is still kept, or the latest when {@code epoch}
   * is null.
   */
  public Checkpoints.Checkpoint checkpoint(Integer epoch) {
    return epoch != null
        ? checkpoints().at(epoch)
        : checkpoints()
            .latest()
            .orElseThrow(() -> new BadInputException(root() + ": has no checkpoint"));
  }

  /** The run's detector with the weights of {@code checkpoint}. */
  public Detector detector(Checkpoints.Checkpoint checkpoint, int threads) {
    DetectionConfig config = config();
    Detector detector =
        new Detector(config, ClassifierExport.info(Path.of(config.backbone())), threads);
    VariableFiles.restore(checkpoints().prefix(checkpoint), detector::restore);
    return detector;
  }

  public List<Epoch> metrics() {
    return files.metrics();
  }

  public void writeMetrics(List<Epoch> epochs) {
    files.writeMetrics(epochs);
  }

  public Path evaluationFile() {
    return root().resolve(EVALUATION);
  }

  public void writeEvaluation(Evaluation evaluation) {
    files.write(EVALUATION, evaluation);
  }

  public Evaluation evaluation() {
    return files.read(EVALUATION, Evaluation.class);
  }
}

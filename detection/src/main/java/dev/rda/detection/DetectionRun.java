package dev.rda.detection;

import dev.rda.core.AtomicFiles;
import dev.rda.core.BadInputException;
import dev.rda.core.Json;
import dev.rda.savedmodels.ClassifierExport;
import dev.rda.training.Checkpoints;
import dev.rda.training.VariableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A detection run's directory: {@code config.json}, {@code metrics.jsonl} (one {@link Epoch} per
 * line), {@code checkpoints/} (the last two; {@code latest.json} moves last, so a resume is exact)
 * and {@code evaluation.json} (per-class VOC07 AP and mAP on the test split). Every file is written
 * to a temporary name and renamed.
 */
public final class DetectionRun {
  private static final String CONFIG = "config.json";
  private static final String METRICS = "metrics.jsonl";
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

  private final Path root;

  private DetectionRun(Path root) {
    this.root = root;
  }

  public static DetectionRun create(Path root, DetectionConfig config) {
    if (Files.exists(root.resolve(CONFIG))) {
      throw new BadInputException(
          root + ": already holds a run (--resume " + root + " continues it)");
    }
    AtomicFiles.write(root.resolve(CONFIG), Json.pretty(config));
    return new DetectionRun(root);
  }

  public static DetectionRun open(Path root) {
    if (!Files.isRegularFile(root.resolve(CONFIG))) {
      throw new BadInputException(root + ": not a detection run directory (no " + CONFIG + ")");
    }
    return new DetectionRun(root);
  }

  public Path root() {
    return root;
  }

  public DetectionConfig config() {
    return read(root.resolve(CONFIG), DetectionConfig.class);
  }

  public Checkpoints checkpoints() {
    return new Checkpoints(root.resolve("checkpoints"));
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
            .orElseThrow(() -> new BadInputException(root + ": has no checkpoint"));
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
    Path file = root.resolve(METRICS);
    List<Epoch> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          out.add(Json.MAPPER.readValue(line, Epoch.class));
        }
      }
    } catch (IOException e) {
      throw new BadInputException(file + ": " + e.getMessage().lines().findFirst().orElse(""));
    }
    return out;
  }

  public void writeMetrics(List<Epoch> epochs) {
    StringBuilder text = new StringBuilder();
    epochs.forEach(e -> text.append(Json.line(e)).append('\n'));
    AtomicFiles.write(root.resolve(METRICS), text.toString());
  }

  public Path evaluationFile() {
    return root.resolve(EVALUATION);
  }

  public void writeEvaluation(Evaluation evaluation) {
    AtomicFiles.write(evaluationFile(), Json.pretty(evaluation));
  }

  public Evaluation evaluation() {
    return read(evaluationFile(), Evaluation.class);
  }

  private static <T> T read(Path file, Class<T> type) {
    try {
      return Json.MAPPER.readValue(file.toFile(), type);
    } catch (IOException e) {
      if (!Files.exists(file)) {
        throw new BadInputException(file + ": not found");
      }
      throw new BadInputException(file + ": " + e.getMessage().lines().findFirst().orElse(""));
    }
  }
}

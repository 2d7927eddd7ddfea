package dev.rda.cli;

import dev.rda.core.BadInputException;
import dev.rda.detection.DetectionConfig;
import dev.rda.detection.DetectionConsole;
import dev.rda.detection.DetectionRun;
import dev.rda.detection.DetectionTraining;
import dev.rda.training.RunDirectory;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rda detect train}. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train Faster R-CNN on PascalVOC from an exported backbone, then evaluate it (VOC07 mAP).",
      "Presets: voc07-faster-rcnn (the paper's recipe: Faster R-CNN R50-FPN, 12 epochs, batch 16,"
          + " LR 0.01 / 10 after 9, shorter side 600, for a GPU), clutter-voc (FPN on generated"
          + " data, for a CPU; see rda detect clutter-voc) and mini-voc (the single-map detector"
          + " on 128 px generated data; see rda detect mini-voc).",
      "Layouts (--set layout=L): fpn, c4 (the last backbone stage on every RoI) and single.",
      "Writes config.json, metrics.jsonl, checkpoints/ and evaluation.json to the run directory."
    })
final class DetectTrainCommand implements Callable<Integer> {
  @Option(
      names = "--preset",
      defaultValue = "voc07-faster-rcnn",
      paramLabel = "NAME",
      description = "voc07-faster-rcnn or mini-voc (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "JSON or YAML overriding the preset.")
  Path configFile;

  @Option(
      names = "--backbone",
      paramLabel = "SAVED_MODEL",
      description = "The backbone: a directory written by rda export.")
  Path backbone;

  @Option(names = "--data", paramLabel = "DIR", description = "VOCdevkit or its VOC2007 folder.")
  Path data;

  @Option(
      names = "--epochs",
      converter = Flags.Positive.class,
      paramLabel = "N",
      description = "Epochs.")
  Integer epochs;

  @Option(
      names = "--batch-size",
      converter = Flags.Positive.class,
      paramLabel = "N",
      description = "Images per step.")
  Integer batchSize;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed of the head's initialisation and the sampling.")
  Long seed;

  @Option(names = "--name", paramLabel = "NAME", description = "Run name (default: the preset's).")
  String name;

  @Option(
      names = "--set",
      paramLabel = "FIELD=VALUE",
      description = "Override any config field, e.g. --set rpn.postNmsTest=100.")
  Map<String, String> set = new LinkedHashMap<>();

  @Option(
      names = "--run-dir",
      paramLabel = "DIR",
      description = "Run directory (default: runs/NAME-TIMESTAMP).")
  Path runDir;

  @Option(
      names = "--resume",
      paramLabel = "RUN_DIR",
      description = "Continue a stopped detection run from its last checkpoint.")
  Path resume;

  @Mixin ThreadsOption threadsOption;

  @Mixin ProgressOption progressOption;

  @Override
  public Integer call() {
    DetectionRun run;
    DetectionTraining.Inputs inputs;
    if (resume != null) {
      if (configFile != null || runDir != null || !overrides().isEmpty()) {
        throw new BadInputException(
            "--resume continues a run with its own config.json: drop --config, --run-dir and the"
                + " config flags");
      }
      run = DetectionRun.open(resume);
      inputs = DetectionTraining.inputs(run.config());
    } else {
      DetectionConfig config = ConfigLoader.resolveDetection(preset, configFile, overrides());
      inputs = DetectionTraining.inputs(config);
      String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
      run =
          DetectionRun.create(
              runDir != null ? runDir : Path.of("runs", config.name() + "-" + stamp), config);
    }
    System.out.println("run directory: " + run.root());
    try {
      DetectionTraining.run(
          run,
          inputs,
          threadsOption.count,
          List.of(new DetectionConsole(System.out, progressOption.shown())));
    } catch (RuntimeException e) {
      if (resume == null && run.checkpoints().latest().isEmpty()) {
        RunDirectory.deleteTree(run.root()); // nothing trained yet: leave no half-made run behind
      }
      throw e;
    }
    System.out.println("evaluation: " + run.evaluationFile());
    return 0;
  }

  private Map<String, String> overrides() {
    return new Overrides()
        .put("backbone", backbone == null ? null : backbone.toAbsolutePath())
        .put("data", data == null ? null : data.toAbsolutePath())
        .put("epochs", epochs)
        .put("batchSize", batchSize)
        .put("seed", seed)
        .put("name", name)
        .with(set);
  }
}

package dev.rda.cli;

import dev.rda.detection.DetectionConfig;
import dev.rda.detection.DetectionConsole;
import dev.rda.detection.DetectionEvaluation;
import dev.rda.detection.DetectionRun;
import dev.rda.detection.Detector;
import dev.rda.detection.Voc;
import dev.rda.training.Checkpoints;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rda detect evaluate RUN}. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "VOC07 AP per class and mAP of a detection run's checkpoint on its test split (or"
            + " another), written to the run's evaluation.json.")
final class DetectEvaluateCommand implements Callable<Integer> {
  @Parameters(paramLabel = "RUN", description = "Detection run directory.")
  Path runDir;

  @Option(
      names = "--split",
      paramLabel = "NAME",
      description = "Split to evaluate (default: the run's test split).")
  String split;

  @Option(
      names = "--checkpoint",
      paramLabel = "N",
      description = "Epoch whose checkpoint to use (default: the last).")
  Integer epoch;

  @Mixin ThreadsOption threadsOption;

  @Override
  public Integer call() {
    DetectionRun run = DetectionRun.open(runDir);
    DetectionConfig config = run.config();
    Checkpoints.Checkpoint checkpoint = run.checkpoint(epoch);
    String name = split != null ? split : config.testSplit();
    var images = Voc.read(Path.of(config.data()), name);
    try (Detector detector = run.detector(checkpoint, threadsOption.count)) {
      DetectionRun.Evaluation e =
          DetectionEvaluation.evaluate(
              detector,
              config,
              name,
              images,
              checkpoint.epoch(),
              List.of(new DetectionConsole(System.out, System.console() != null)));
      if (name.equals(config.testSplit())) {
        run.writeEvaluation(e);
        System.out.println("evaluation: " + run.evaluationFile());
      }
    }
    return 0;
  }
}

package dev.rda.cli;

import dev.rda.analysis.RunCurves;
import dev.rda.training.RunDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code rda analyze curves RUN...}: Figure 1, redrawn from the metrics. */
@Command(
    name = "curves",
    mixinStandardHelpOptions = true,
    description = {
      "Draw RUN/curves.png (losses on augmented, clean training and test data per epoch, the",
      "epoch the intensive augmentation ends marked), RUN/accuracy.png (top-1, and the weight",
      "average's if the run keeps one) from the metrics, and RUN/schedule.png (the LR per step).",
      "Training draws them after every epoch; this redraws them, e.g. for older runs."
    })
final class AnalyzeCurvesCommand implements Callable<Integer> {

  @Parameters(paramLabel = "RUN", arity = "1..*", description = "Run directories.")
  List<Path> runs;

  @Override
  public Integer call() {
    for (RunDirectory run : Runs.open(runs)) {
      RunCurves.draw(run);
      System.out.println("wrote " + run.root().resolve("curves.png") + " and accuracy.png");
    }
    return 0;
  }
}

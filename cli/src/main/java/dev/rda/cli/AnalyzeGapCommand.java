package dev.rda.cli;

import dev.rda.analysis.LossGap;
import dev.rda.core.AtomicFiles;
import dev.rda.training.RunDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rda analyze gap RUN...}: Table 2. */
@Command(
    name = "gap",
    mixinStandardHelpOptions = true,
    description = {
      "Cross-entropy on augmented (R_aug) and clean (R) training data, x 10^-3, as the paper's",
      "Table 2: where the intensive phase ends and where the run ends (from the metrics), and",
      "the final model measured again from its last checkpoint (R_aug on the intensive pipeline",
      "at full strength and on standard augmentation, R on the clean sample). Writes",
      "RUN/gap.csv with R_aug and R per epoch."
    })
final class AnalyzeGapCommand implements Callable<Integer> {

  @Parameters(paramLabel = "RUN", arity = "1..*", description = "Run directories.")
  List<Path> runs;

  @Option(
      names = "--measure",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Measure the final model again (default: on; one pass per pipeline).")
  boolean measure;

  @Mixin ThreadsOption threadsOption;

  @Override
  public Integer call() {
    List<LossGap.Row> rows = new ArrayList<>();
    for (RunDirectory run : Runs.open(runs)) {
      rows.add(LossGap.of(run, measure ? Runs.data(run) : null, threadsOption.count));
      AtomicFiles.write(run.root().resolve("gap.csv"), LossGap.perEpochCsv(run.metrics()));
    }
    System.out.print(LossGap.table(rows));
    return 0;
  }
}

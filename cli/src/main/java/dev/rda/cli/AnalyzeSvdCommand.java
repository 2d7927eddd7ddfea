package dev.rda.cli;

import dev.rda.analysis.Charts;
import dev.rda.analysis.FeatureSpectrum;
import dev.rda.core.AtomicFiles;
import dev.rda.core.BadInputException;
import dev.rda.training.Checkpoints;
import dev.rda.training.EvaluationGraph;
import dev.rda.training.Evaluator;
import dev.rda.training.RunDirectory;
import dev.rda.training.TrainingData;
import dev.rda.training.VariableFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rda analyze svd RUN...}: Figure 3. */
@Command(
    name = "svd",
    mixinStandardHelpOptions = true,
    description = {
      "Singular values of the covariance of penultimate-layer features of the training images",
      "(the run's clean-loss sample: the whole training set on the Fashion-MNIST presets), over",
      "all classes and within each class (averaged), largest first, from each run's last",
      "checkpoint. Writes RUN/svd.csv per run and one log-scale plot of all runs."
    })
final class AnalyzeSvdCommand implements Callable<Integer> {

  @Parameters(paramLabel = "RUN", arity = "1..*", description = "Run directories.")
  List<Path> runs;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      description = "The plot (default: RUN/svd.png for one run, svd.png for several).")
  Path out;

  @Mixin ThreadsOption threadsOption;

  @Override
  public Integer call() {
    List<RunDirectory> dirs = Runs.open(runs);
    List<Charts.Line> lines = new ArrayList<>();
    for (RunDirectory run : dirs) {
      Checkpoints.Checkpoint checkpoint =
          run.latestCheckpoint()
              .orElseThrow(() -> new BadInputException(run.root() + ": has no checkpoint"));
      TrainingData data = Runs.data(run);
      Evaluator.Features features;
      try (EvaluationGraph graph = new EvaluationGraph(run.config(), data, threadsOption.count)) {
        VariableFiles.restore(run.prefix(checkpoint), graph::restore);
        features = graph.penultimate("clean");
      }
      FeatureSpectrum s =
          FeatureSpectrum.of(features.values(), features.labels(), data.spec().classes());
      AtomicFiles.write(run.root().resolve("svd.csv"), s.csv());
      double[] index = IntStream.rangeClosed(1, s.allClasses().length).asDoubleStream().toArray();
      String name = run.config().name();
      lines.add(new Charts.Line(name + ": all classes", index, s.allClasses()));
      lines.add(new Charts.Line(name + ": intra-class", index, s.intraClass()));
      System.out.printf(
          "%s: %d features of %d images; largest singular values all %.4g, intra-class %.4g;"
              + " wrote %s%n",
          run.root(),
          s.allClasses().length,
          features.labels().length,
          s.allClasses()[0],
          s.intraClass()[0],
          run.root().resolve("svd.csv"));
    }
    Path plot =
        out != null
            ? out
            : dirs.size() == 1 ? dirs.get(0).root().resolve("svd.png") : Path.of("svd.png");
    Charts.write(
        plot,
        new Charts.Frame(
            "Singular values of penultimate-feature covariances",
            "index (largest first)",
            "singular value",
            true),
        lines,
        List.of());
    System.out.println("wrote " + plot);
    return 0;
  }
}

package dev.rda.cli;

import dev.rda.analysis.RemovalSweep;
import dev.rda.analysis.RunCurves;
import dev.rda.training.ConsoleReporter;
import dev.rda.training.TrainConfig;
import dev.rda.training.TrainingData;
import dev.rda.training.TrainingListener;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rda sweep removal-epoch}: the paper's Figure 4. */
@Command(
    name = "removal-epoch",
    mixinStandardHelpOptions = true,
    description = {
      "Train a preset with its intensive augmentation removed at each epoch E of --at (strength",
      "0 from E on, LR schedule unchanged), plus never removed, for each of --seeds seeds; then",
      "plot test error against E with min-max bars over the seeds (sweep.png, sweep.csv).",
      "Removal runs are forked from their seed's unremoved run at E. Run the same command again",
      "to resume an interrupted sweep.",
      "  rda sweep removal-epoch --preset fmnist-mixup-sweep --at 10,18,24,27 --seeds 2"
    })
final class SweepRemovalCommand implements Callable<Integer> {

  @Option(names = "--preset", paramLabel = "NAME", description = "Preset to sweep.")
  String preset;

  @Option(names = "--config", paramLabel = "FILE", description = "Config file (JSON or YAML).")
  Path configFile;

  @Option(
      names = "--set",
      paramLabel = "FIELD=VALUE",
      description = "Override any config field, e.g. --set epochs=20.")
  Map<String, String> set = new LinkedHashMap<>();

  @Option(
      names = "--at",
      required = true,
      split = ",",
      paramLabel = "E",
      description = "Removal epochs: the augmentation is off from epoch E + 1 on.")
  List<Integer> at;

  @Option(
      names = "--seeds",
      converter = Flags.Positive.class,
      paramLabel = "N",
      defaultValue = "2",
      description = "Seeds 0..N-1 per removal epoch (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Sweep directory (default: runs/sweep-NAME).")
  Path out;

  @Mixin ThreadsOption threadsOption;

  @Override
  public Integer call() {
    TrainConfig base = ConfigLoader.resolve(preset, configFile, set);
    Path dir = out != null ? out : Path.of("runs", "sweep-" + base.name());
    RemovalSweep sweep = RemovalSweep.open(dir, base, at, seeds);
    System.out.printf(
        "sweep %s: removal at %s, seeds 0..%d, %d runs%n",
        dir, sweep.plan().removals(), seeds - 1, sweep.plan().removals().size() * seeds);
    TrainingData data = TrainingData.load(base.data());
    sweep.run(
        data,
        threadsOption.count,
        run ->
            List.<TrainingListener>of(new ConsoleReporter(System.out, false), new RunCurves(run)));
    System.out.printf(
        "%-8s %6s %22s %22s%n", "removal", "seeds", "last error (min-max)", "median-10 error");
    for (RemovalSweep.Point p : sweep.aggregate()) {
      System.out.printf(
          Locale.ROOT,
          "%-8d %6d %8.2f (%.2f-%.2f) %22.2f%n",
          p.removal(),
          p.seeds(),
          p.meanLast(),
          p.minLast(),
          p.maxLast(),
          p.meanMedian10());
    }
    System.out.println("wrote " + dir.resolve("sweep.csv") + " and " + dir.resolve("sweep.png"));
    return 0;
  }
}

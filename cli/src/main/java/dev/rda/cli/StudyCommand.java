package dev.rda.cli;

import dev.rda.analysis.RunCurves;
import dev.rda.analysis.study.Study;
import dev.rda.analysis.study.StudyEstimate;
import dev.rda.analysis.study.StudyPlan;
import dev.rda.analysis.study.StudyProgress;
import dev.rda.analysis.study.StudyReport;
import dev.rda.analysis.study.StudyResults;
import dev.rda.training.ConsoleReporter;
import dev.rda.training.TrainConfig;
import dev.rda.training.TrainingData;
import dev.rda.training.TrainingListener;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rda study}: a table of cells times seeds, trained with shared prefixes, then reported. */
@Command(
    name = "study",
    mixinStandardHelpOptions = true,
    description = {
      "Train every cell of a study for each seed and report the table the paper would print:",
      "mean +- std over seeds of test top-1 (best, last, median of the last 10 epochs), and",
      "refined - unrefined seed by seed with a 95% interval. Runs of one seed that share their",
      "first epochs (a recipe and its refined twin) share them on disk: nothing is trained twice.",
      "Run the same command again to resume; a directory holding another plan is refused.",
      "SPEC is a study file (JSON or YAML) or a shipped study (--list).",
      "  rda study fmnist --dry-run",
      "  rda study fmnist --seeds 3",
      "  rda study table1-preact18-cifar100 --show > my-study.yaml"
    })
final class StudyCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SPEC",
      description = "A study file or a shipped study name.")
  String spec;

  @Option(names = "--list", description = "List the shipped studies and exit.")
  boolean list;

  @Option(
      names = "--show",
      description = "Print SPEC as a study file (YAML), to copy and change, and exit.")
  boolean show;

  @Option(
      names = "--seeds",
      converter = Flags.Positive.class,
      paramLabel = "N",
      description = "Seeds 0..N-1 (default: the study's, 3 if it says none); more extend a study.")
  Integer seeds;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Study directory (default: runs/study-NAME).")
  Path out;

  @Option(
      names = "--only",
      split = ",",
      paramLabel = "CELL",
      description = "Train only these cells (and the runs they fork from, as far as needed).")
  List<String> only = List.of();

  @Option(
      names = "--dry-run",
      description =
          "Print the plan (runs, epochs, what is shared, time estimated from a few measured"
              + " steps) and exit without training.")
  boolean dryRun;

  @Option(
      names = "--report",
      description =
          "Write the report of the runs finished so far and exit, training nothing (the report"
              + " is also rewritten whenever a run finishes).")
  boolean reportOnly;

  @Option(
      names = "--parallel",
      converter = Flags.Positive.class,
      paramLabel = "K",
      defaultValue = "1",
      description =
          "Train K runs at once in one process (a recipe and its refined twins stay in order);"
              + " their TensorFlow sessions share its thread pools (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Mixin ThreadsOption threadsOption;

  @Mixin ProgressOption progressOption;

  @Override
  public Integer call() {
    if (list) {
      return list();
    }
    if (spec == null) {
      throw new dev.rda.core.BadInputException(
          "a study is needed: a file or a shipped name (rda study --list)");
    }
    if (show) {
      System.out.print(StudySpecs.yaml(StudySpecs.tree(spec)));
      return 0;
    }
    StudyPlan plan = StudySpecs.load(spec, seeds);
    Path dir = out != null ? out : Path.of("runs", "study-" + plan.name());
    if (dryRun) {
      return dryRun(Study.preview(dir, plan));
    }
    if (reportOnly) {
      return report(Study.preview(dir, plan));
    }
    Study study = Study.open(dir, plan);
    List<Study.Run> needed = study.needed(new LinkedHashSet<>(only));
    // An automatic switch that has happened already shortened its run: count to where it ends.
    int epochs = needed.stream().mapToInt(r -> Study.plannedEpochs(r) - r.forkEpoch()).sum();
    int epochsDone =
        needed.stream()
            .mapToInt(
                r ->
                    Math.max(
                        0,
                        Math.min(Study.completedEpochs(r), Study.plannedEpochs(r)) - r.forkEpoch()))
            .sum();
    int runsDone = (int) needed.stream().filter(Study::finished).count();
    System.out.printf(
        "study %s in %s: %d runs (%d cells x %d seeds), %d epochs to train, %d done%n",
        plan.name(), dir, needed.size(), plan.cells().size(), plan.seeds(), epochs, epochsDone);
    StudyProgress studyProgress =
        new StudyProgress(
            System.out, dir, plan.name(), needed.size(), runsDone, epochs, epochsDone);
    boolean bar = progressOption.shown() && parallel == 1;
    long t0 = System.nanoTime();
    study.train(
        new DataCache()::get,
        threadsOption.count,
        parallel,
        new LinkedHashSet<>(only),
        run ->
            List.<TrainingListener>of(
                studyProgress.listener(run),
                new ConsoleReporter(parallel == 1 ? System.out : labelled(run.label()), bar),
                new RunCurves(run.dir()),
                new TrainingListener() {
                  @Override
                  public void onRunEnd(dev.rda.training.Summary summary) {
                    if (Study.finished(run)) {
                      synchronized (study) { // the report so far, to look at while it trains
                        StudyReport.write(dir, StudyResults.of(study));
                      }
                    }
                  }
                }));
    report(study);
    System.out.printf(
        Locale.ROOT,
        "this command: %s; the study so far: %s of wall time%n",
        StudyProgress.hours(Duration.ofNanos(System.nanoTime() - t0)),
        StudyProgress.hours(Duration.ofSeconds(Math.round(StudyProgress.wallTime(dir).seconds()))));
    return 0;
  }

  /** Writes the report of the finished runs and prints the main table. */
  private static int report(Study study) {
    StudyResults results = StudyResults.of(study);
    StudyReport.write(study.root(), results);
    System.out.print(StudyReport.text(results));
    System.out.println("report: " + study.root().resolve("report.html"));
    return 0;
  }

  private int list() {
    System.out.println("shipped studies (rda study NAME --dry-run shows the plan):");
    for (String name : StudySpecs.shipped()) {
      String about = StudySpecs.tree(name).path("about").asText("");
      int cut = about.indexOf(". ");
      System.out.printf("  %-32s %s%n", name, cut > 0 ? about.substring(0, cut) : about);
    }
    for (var e : PaperStudies.unavailable().entrySet()) {
      System.out.printf("  %-32s (not yet: %s)%n", e.getKey(), e.getValue());
    }
    return 0;
  }

  private int dryRun(Study study) {
    StudyPlan plan = study.plan();
    System.out.printf("study %s: %s%n", plan.name(), plan.about());
    System.out.printf(
        "%d cells x %d seeds = %d runs in %s; every seed's runs are planned alike:%n",
        plan.cells().size(), plan.seeds(), plan.cells().size() * plan.seeds(), study.root());
    StudyEstimate estimate = new StudyEstimate(threadsOption.count);
    System.out.printf(
        "%-28s %7s %-36s %7s %11s%n", "cell", "epochs", "forked from", "trains", "est. time");
    double seconds = 0;
    boolean estimated = true;
    int own = 0;
    int all = 0;
    for (Study.Run r : study.runs().stream().filter(r -> r.seed() == 0).toList()) {
      Optional<Double> s = estimate.seconds(r.config(), r.ownEpochs());
      estimated &= s.isPresent();
      seconds += s.orElse(0.0);
      own += r.ownEpochs();
      all += r.config().epochs();
      System.out.printf(
          "%-28s %7d %-36s %7d %11s%n",
          r.cell().name(),
          r.config().epochs(),
          r.parent() == null ? "-" : r.parent().cell().name() + " after epoch " + r.forkEpoch(),
          r.ownEpochs(),
          s.map(x -> StudyProgress.hours(Duration.ofSeconds(Math.round(x)))).orElse("?"));
    }
    System.out.printf(
        "per seed: %d epochs trained of %d (%d shared); all seeds: %d epochs%n",
        own, all, all - own, own * plan.seeds());
    if (plan.cells().stream().anyMatch(c -> c.config().autoRefine() != null)) {
      System.out.println(
          "refine: auto cells count their longest run: each ends "
              + "where its switch comes, refinement epochs after it");
    }
    System.out.println(
        estimated
            ? "estimated time on this machine, one run at a time: "
                + StudyProgress.hours(Duration.ofSeconds(Math.round(seconds * plan.seeds())))
                + " (from "
                + estimate.describe()
                + ")"
            : "no time estimate for a dataset without a standard size");
    return 0;
  }

  /**
   * Training data per data config, loaded once (each seed's subset is its own; Fashion-MNIST is
   * installed if missing).
   */
  private static final class DataCache {
    private final Map<TrainConfig.DataConfig, TrainingData> loaded = new HashMap<>();

    synchronized TrainingData get(TrainConfig.DataConfig config) {
      return loaded.computeIfAbsent(config, TrainingData::load);
    }
  }

  /** A stream that writes whole lines to standard output, each starting with [label]. */
  private static PrintStream labelled(String label) {
    return new PrintStream(
        new OutputStream() {
          private final ByteArrayOutputStream line = new ByteArrayOutputStream();

          @Override
          public void write(int b) {
            if (b == '\n') {
              synchronized (System.out) {
                System.out.println("[" + label + "] " + line.toString(StandardCharsets.UTF_8));
              }
              line.reset();
            } else {
              line.write(b);
            }
          }
        },
        true,
        StandardCharsets.UTF_8);
  }
}

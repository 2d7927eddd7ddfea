package dev.rda.analysis.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.rda.core.AtomicFiles;
import dev.rda.core.BadInputException;
import dev.rda.core.Json;
import dev.rda.training.Fork;
import dev.rda.training.RunDirectory;
import dev.rda.training.TrainConfig;
import dev.rda.training.Training;
import dev.rda.training.TrainingData;
import dev.rda.training.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * A study directory: its plan ({@code plan.json}) and one run directory per cell and seed. Runs of
 * one seed that train their first epochs identically (a recipe with and without refinement, the
 * same recipe run longer) share them: each such run is forked from the earlier run it shares most
 * epochs with, right when that run reaches them, so no epoch is trained twice. Running the study
 * again resumes every unfinished run; a directory holding another plan is refused.
 */
public final class Study {
  /**
   * One cell's run with one seed; {@code parent} (null for a root) is the earlier run of the seed
   * it is forked from after {@code forkEpoch} epochs.
   */
  public record Run(
      StudyPlan.Cell cell, int seed, TrainConfig config, Path dir, Run parent, int forkEpoch) {
    /** Epochs this run trains itself (the forked ones are its parent's). */
    public int ownEpochs() {
      return config.epochs() - forkEpoch;
    }

    public String label() {
      return cell.name() + " seed " + seed;
    }
  }

  private static final String PLAN = "plan.json";

  private final Path root;
  private final StudyPlan plan;
  private final List<List<Run>> bySeed;

  private Study(Path root, StudyPlan plan) {
    this.root = root;
    this.plan = plan;
    List<List<Run>> seeds = new ArrayList<>();
    for (int s = 0; s < plan.seeds(); s++) {
      List<Run> runs = new ArrayList<>();
      for (StudyPlan.Cell cell : plan.cells()) {
        TrainConfig config = StudyPlan.config(cell, s);
        Run parent = null;
        int shared = 0;
        for (Run earlier : runs) {
          int k = Fork.sharedEpochs(earlier.config(), config);
          if (k > shared) {
            parent = earlier;
            shared = k;
          }
        }
        runs.add(new Run(cell, s, config, root.resolve(cell.name() + "-seed" + s), parent, shared));
      }
      seeds.add(List.copyOf(runs));
    }
    this.bySeed = List.copyOf(seeds);
  }

  /** The study of {@code plan} in {@code root}: created, or continued if it holds the same plan. */
  public static Study open(Path root, StudyPlan plan) {
    Path file = root.resolve(PLAN);
    StudyPlan stored = storedIfSame(root, plan);
    if (stored == null) {
      try {
        Files.createDirectories(root);
      } catch (IOException e) {
        String why =
            e instanceof java.nio.file.NoSuchFileException
                ? "no such file or directory"
                : e instanceof java.nio.file.FileSystemException f && f.getReason() != null
                    ? f.getReason()
                    : e.getClass().getSimpleName();
        throw new BadInputException(root + ": cannot create the study directory (" + why + ")");
      }
    }
    if (stored == null || plan.seeds() > stored.seeds()) {
      AtomicFiles.write(file, Json.pretty(plan));
    }
    return new Study(root, plan);
  }

  /** As {@link #open}, writing nothing: what a run of the plan in {@code root} would do. */
  public static Study preview(Path root, StudyPlan plan) {
    storedIfSame(root, plan);
    return new Study(root, plan);
  }

  /**
   * The plan {@code root} holds (null: none yet); refuses one that {@code plan} cannot continue.
   */
  private static StudyPlan storedIfSame(Path root, StudyPlan plan) {
    Path file = root.resolve(PLAN);
    if (!Files.exists(file)) {
      return null;
    }
    StudyPlan stored = read(file);
    String difference = plan.differenceFrom(stored);
    if (difference != null) {
      throw new BadInputException(
          root + " holds another plan (" + difference + "): choose another --out");
    }
    return stored;
  }

  /** The plan stored in a study directory, to report on it. */
  public static Study existing(Path root) {
    Path file = root.resolve(PLAN);
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(root + ": not a study directory (no " + PLAN + ")");
    }
    return new Study(root, read(file));
  }

  private static StudyPlan read(Path file) {
    try {
      return Json.MAPPER.readValue(file.toFile(), StudyPlan.class);
    } catch (JsonMappingException e) {
      Throwable cause = e.getCause() instanceof BadInputException c ? c : e;
      throw new BadInputException(file + ": not a study plan (" + firstLine(cause) + ")");
    } catch (JsonProcessingException e) {
      throw new BadInputException(file + ": not a study plan (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")");
    }
  }

  private static String firstLine(Throwable t) {
    String m = t instanceof JsonProcessingException j ? j.getOriginalMessage() : t.getMessage();
    return m == null ? t.toString() : m.lines().findFirst().orElse("");
  }

  public Path root() {
    return root;
  }

  public StudyPlan plan() {
    return plan;
  }

  /** Every run, seed by seed, each seed's runs in the plan's cell order. */
  public List<Run> runs() {
    return bySeed.stream().flatMap(List::stream).toList();
  }

  public Run run(String cell, int seed) {
    return bySeed.get(seed).stream()
        .filter(r -> r.cell().name().equals(cell))
        .findFirst()
        .orElseThrow();
  }

  /** The runs to train for {@code only} (empty: every cell) and the runs they are forked from. */
  public List<Run> needed(Set<String> only) {
    only.forEach(plan::cell); // an unknown name is refused here
    List<Run> needed = new ArrayList<>();
    for (Run r : runs()) {
      if (only.isEmpty() || only.contains(r.cell().name()) || feeds(r, only)) {
        needed.add(r);
      }
    }
    return needed;
  }

  private boolean feeds(Run r, Set<String> only) {
    return bySeed.get(r.seed()).stream()
        .anyMatch(
            child ->
                child.parent() == r && (only.contains(child.cell().name()) || feeds(child, only)));
  }

  /** Epochs a run holds now (0 when its directory does not exist yet). */
  public static int completedEpochs(Run r) {
    return Files.exists(r.dir().resolve("config.json"))
        ? RunDirectory.open(r.dir()).completedEpochs()
        : 0;
  }

  /**
   * Epochs the run ends at: its config's, or where refine: auto's switch has put the end (a run not
   * begun, or not switched yet: the most it may take).
   */
  public static int plannedEpochs(Run r) {
    return Files.exists(r.dir().resolve("config.json"))
        ? RunDirectory.open(r.dir()).plan().epochs()
        : r.config().epochs();
  }

  /** Whether the run has trained to its end. */
  public static boolean finished(Run r) {
    return completedEpochs(r) >= plannedEpochs(r);
  }

  /**
   * Trains every run of {@code only} (empty: all) to its end, {@code parallel} fork trees at a time
   * (each in its own TensorFlow session; the sessions share the process's thread pools), seed by
   * seed, so that a study stopped early holds whole seeds. {@code data} gives the training data of
   * a data config (one per seed: the subset is the seed's).
   */
  public void train(
      Function<TrainConfig.DataConfig, TrainingData> data,
      int threads,
      int parallel,
      Set<String> only,
      Function<Run, List<TrainingListener>> listeners) {
    List<Run> needed = needed(only);
    List<Runnable> trees = new ArrayList<>();
    for (List<Run> runs : bySeed) {
      List<Run> mine = runs.stream().filter(needed::contains).toList();
      for (Run root : mine) {
        if (root.parent() == null) { // a fork shares its parent's data config
          trees.add(
              () ->
                  trainTree(
                      root, mine, only, data.apply(root.config().data()), threads, listeners));
        }
      }
    }
    if (parallel <= 1 || trees.size() <= 1) {
      trees.forEach(Runnable::run);
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, trees.size()));
    try {
      List<Future<?>> futures = trees.stream().map(pool::submit).toList();
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Trains {@code node}, stopping at each fork point of its children (earliest first) to fork and
   * train that child's tree, then trains {@code node} to its end if it is wanted.
   */
  private void trainTree(
      Run node,
      List<Run> needed,
      Set<String> only,
      TrainingData data,
      int threads,
      Function<Run, List<TrainingListener>> listeners) {
    RunDirectory dir =
        Files.exists(node.dir().resolve("config.json"))
            ? RunDirectory.open(node.dir())
            : RunDirectory.create(node.dir(), node.config());
    List<Run> children =
        needed.stream()
            .filter(c -> c.parent() == node)
            .sorted(Comparator.comparingInt(Run::forkEpoch))
            .toList();
    for (Run child : children) {
      if (Files.exists(child.dir().resolve("config.json"))
          && completedEpochs(child) == 0
          && dir.completedEpochs() == child.forkEpoch()) {
        RunDirectory.deleteTree(child.dir()); // a fork stopped half-way: make it again
      }
      if (!Files.exists(child.dir().resolve("config.json"))) {
        if (dir.completedEpochs() < child.forkEpoch()) {
          Training.train(dir, data, threads, listeners.apply(node), child.forkEpoch());
        }
        if (dir.completedEpochs() == child.forkEpoch()) {
          Fork.create(child.dir(), child.config(), dir);
        } else {
          // The parent went past the fork point before this child was asked for (--only):
          // the child trains from scratch, which gives the same epochs up to rounding.
          for (TrainingListener l : listeners.apply(child)) {
            l.onNotice(
                node.dir()
                    + " is past epoch "
                    + child.forkEpoch()
                    + ": "
                    + child.label()
                    + " trains from the start");
          }
          RunDirectory.create(child.dir(), child.config());
        }
      }
      trainTree(child, needed, only, data, threads, listeners);
    }
    if (only.isEmpty() || only.contains(node.cell().name())) {
      Training.train(dir, data, threads, listeners.apply(node));
    }
  }
}

package dev.rda.analysis.study;

import dev.rda.core.AtomicFiles;
import dev.rda.core.BadInputException;
import dev.rda.core.Json;
import dev.rda.training.EpochMetrics;
import dev.rda.training.SwitchRule;
import dev.rda.training.TrainConfig;
import dev.rda.training.TrainingData;
import dev.rda.training.TrainingListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The whole study's progress, one line after every epoch of any of its runs: runs finished, epochs
 * trained of those planned, and the time left at this session's pace so far. It also keeps the
 * study's wall time over all the commands that trained it in {@code time.json}, rewritten after
 * every epoch, so a study stopped by a kill still knows how long it took.
 */
public final class StudyProgress {
  private final PrintStream out;
  private final String name;
  private final int runs;
  private int epochs; // an automatic switch makes its run, and so the study, shorter
  private final long start = System.nanoTime();
  private int runsDone;
  private int epochsDone;
  private int epochsThisSession;

  /** The wall time of a study directory's training so far, in {@code time.json}. */
  public record WallTime(double seconds) {}

  private final Path timeFile;
  private final double earlierSeconds;

  /**
   * {@code runs} to finish, {@code epochs} of them to train in all, of which some already are;
   * {@code root} is the study directory.
   */
  public StudyProgress(
      PrintStream out, Path root, String name, int runs, int runsDone, int epochs, int epochsDone) {
    this.out = out;
    this.timeFile = root.resolve("time.json");
    this.earlierSeconds = wallTime(root).seconds();
    this.name = name;
    this.runs = runs;
    this.runsDone = runsDone;
    this.epochs = epochs;
    this.epochsDone = epochsDone;
  }

  // Runs whose refine: auto has switched, and the epoch they now end at.
  private final Map<Study.Run, Integer> ends = new HashMap<>();

  private int end(Study.Run run) {
    return ends.getOrDefault(run, run.config().epochs());
  }

  /** The listener for one run: it announces the run and counts its epochs. */
  public TrainingListener listener(Study.Run run) {
    return new TrainingListener() {
      @Override
      public void onSwitch(SwitchRule.Decision d) {
        synchronized (StudyProgress.this) {
          int planned = d.epoch() + run.config().refineEpochs();
          epochs -= end(run) - planned;
          ends.put(run, planned);
        }
      }

      @Override
      public void onRunStart(
          TrainConfig config, TrainingData data, int startEpoch, long parameters) {
        synchronized (StudyProgress.this) {
          out.printf(
              "study %s: %s, epochs %d-%d of %d%s%n",
              name,
              run.label(),
              startEpoch + 1,
              config.epochs(),
              config.epochs(),
              run.parent() != null && startEpoch <= run.forkEpoch()
                  ? " (epochs 1-" + run.forkEpoch() + " forked from " + run.parent().label() + ")"
                  : "");
        }
      }

      @Override
      public void onEpochEnd(EpochMetrics m, List<EpochMetrics> history) {
        synchronized (StudyProgress.this) {
          epochsDone++;
          epochsThisSession++;
          if (m.epoch() == end(run)) {
            runsDone++;
          }
          out.println(line());
          AtomicFiles.write(
              timeFile,
              Json.pretty(new WallTime(earlierSeconds + (System.nanoTime() - start) / 1e9)));
        }
      }
    };
  }

  /** The wall time recorded in study directory {@code root} (0 before its first epoch). */
  public static WallTime wallTime(Path root) {
    Path file = root.resolve("time.json");
    if (!Files.exists(file)) {
      return new WallTime(0);
    }
    try {
      return Json.MAPPER.readValue(file.toFile(), WallTime.class);
    } catch (IOException e) {
      throw new BadInputException(file + ": unreadable (" + e.getMessage() + ")");
    }
  }

  synchronized String line() {
    double perEpoch = (System.nanoTime() - start) / 1e9 / Math.max(1, epochsThisSession);
    long left = Math.round(perEpoch * (epochs - epochsDone));
    return String.format(
        Locale.ROOT,
        "study %s: %d of %d runs done, %d of %d epochs (%.0f%%), about %s left",
        name,
        runsDone,
        runs,
        epochsDone,
        epochs,
        100.0 * epochsDone / Math.max(1, epochs),
        hours(Duration.ofSeconds(left)));
  }

  public static String hours(Duration d) {
    return d.toHours() > 0
        ? String.format(Locale.ROOT, "%dh%02dm", d.toHours(), d.toMinutesPart())
        : String.format(Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart());
  }
}

package dev.rda.bench;

import dev.rda.core.BadInputException;
import dev.rda.training.EpochMetrics;
import dev.rda.training.Phase;
import dev.rda.training.RunDirectory;
import dev.rda.training.TrainConfig;
import dev.rda.training.Training;
import dev.rda.training.TrainingData;
import dev.rda.training.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whole epochs of a config as {@code rda train} runs them (training, evaluation on the clean sample
 * and the test set, the run directory's records and checkpoints), in a run directory that is
 * deleted afterwards.
 */
public final class EpochTimer {
  private EpochTimer() {}

  /**
   * One epoch: its phase, wall seconds from the end of the previous epoch (the first: from the
   * start of training) to its own end, the seconds of its training steps, and images trained.
   */
  public record Epoch(String phase, double wallSeconds, double trainSeconds, int images) {
    public double trainImagesPerSecond() {
      return images / trainSeconds;
    }

    public double evaluationSeconds() {
      return wallSeconds - trainSeconds;
    }
  }

  /** The epochs of one run of {@code config} on {@code data} with {@code threads}. */
  public static List<Epoch> run(TrainConfig config, TrainingData data, int threads) {
    Path root;
    try {
      root = Files.createTempDirectory("rda-bench-epoch");
    } catch (IOException e) {
      throw new BadInputException(
          "cannot make a temporary run directory (java.io.tmpdir): " + e.getMessage());
    }
    Recorder recorder = new Recorder();
    try {
      Training.train(
          RunDirectory.create(root.resolve("run"), config), data, threads, List.of(recorder));
    } finally {
      RunDirectory.deleteTree(root);
    }
    return recorder.epochs;
  }

  /** Takes each epoch's times from the trainer's listener calls. */
  private static final class Recorder implements TrainingListener {
    private final List<Epoch> epochs = new ArrayList<>();
    private long last;
    private int images;

    @Override
    public void onRunStart(TrainConfig config, TrainingData data, int startEpoch, long parameters) {
      last = System.nanoTime();
    }

    @Override
    public void onEpochStart(int epoch, Phase phase, double lr, int images) {
      this.images = images;
    }

    @Override
    public void onEpochEnd(EpochMetrics m, List<EpochMetrics> history) {
      long now = System.nanoTime();
      epochs.add(new Epoch(m.phase(), (now - last) / 1e9, images / m.imagesPerSecond(), images));
      last = now;
    }
  }
}

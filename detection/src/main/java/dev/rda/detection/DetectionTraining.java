package dev.rda.detection;

import dev.rda.core.BadInputException;
import dev.rda.core.SeedScheme;
import dev.rda.detection.Voc.VocImage;
import dev.rda.savedmodels.ClassifierExport;
import dev.rda.training.Checkpoints;
import dev.rda.training.EpochLoop;
import dev.rda.training.VariableFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Trains a detection run to its last epoch, resuming after its latest checkpoint (or starting from
 * the exported backbone), then evaluates it on the test split. Each epoch visits the training
 * images in an order drawn from the seed and the epoch and flips each with probability 1/2; the
 * next batch's images are read while a step runs. What an epoch ends with (the console line, the
 * metrics, a checkpoint) is its listeners'.
 */
public final class DetectionTraining {
  private DetectionTraining() {}

  /** What a run reads before it starts: the backbone's record and both splits' annotations. */
  public record Inputs(
      DetectionConfig config,
      ClassifierExport.Info info,
      List<VocImage> train,
      List<VocImage> test) {}

  /** Reads and checks a config's inputs, so a bad one stops before a run directory exists. */
  public static Inputs inputs(DetectionConfig config) {
    config.validate();
    return new Inputs(
        config,
        ClassifierExport.info(Path.of(config.backbone())),
        Voc.read(Path.of(config.data()), config.trainSplit()),
        Voc.read(Path.of(config.data()), config.testSplit()));
  }

  /**
   * Trains {@code run} to its last epoch and evaluates it on the test split; {@code listeners} hear
   * each step (the run's own recorder of metrics and checkpoints is added).
   */
  public static DetectionRun.Evaluation run(
      DetectionRun run, Inputs inputs, int threads, List<DetectionListener> listeners) {
    DetectionConfig config = inputs.config();
    try (Detector detector = new Detector(config, inputs.info(), threads)) {
      Checkpoints checkpoints = run.checkpoints();
      int start = checkpoints.latest().map(Checkpoints.Checkpoint::epoch).orElse(0);
      List<DetectionRun.Epoch> recorded = run.metrics();
      if (recorded.size() < start) {
        throw new BadInputException(
            run.root()
                + ": metrics.jsonl holds "
                + recorded.size()
                + " epochs up to checkpoint epoch "
                + start
                + "; cannot resume consistently");
      }
      // Epochs after the checkpoint (metrics written, checkpoint not yet) are trained again.
      List<DetectionRun.Epoch> history = recorded.subList(0, start);
      if (start > 0) {
        VariableFiles.restore(
            checkpoints.prefix(checkpoints.latest().orElseThrow()), detector::restore);
      } else {
        detector.loadBackbone(Path.of(config.backbone()));
      }
      List<DetectionListener> all = new ArrayList<>(listeners);
      all.add(new DetectionRecorder(run, detector));
      for (DetectionListener l : all) {
        l.onRunStart(inputs, detector, start);
      }
      EpochLoop.run(
          history, config.epochs(), e -> trainEpoch(detector, config, inputs.train(), e, all), all);
      return DetectionEvaluation.evaluate(
          detector, config, config.testSplit(), inputs.test(), config.epochs(), all);
    }
  }

  private static DetectionRun.Epoch trainEpoch(
      Detector detector,
      DetectionConfig config,
      List<VocImage> images,
      int epoch,
      List<DetectionListener> listeners) {
    Random random = new Random(SeedScheme.derive(config.seed(), epoch));
    List<Integer> order = new ArrayList<>(IntStream.range(0, images.size()).boxed().toList());
    Collections.shuffle(order, random);
    double lr = config.lr(epoch);
    double[] sums = new double[4];
    int steps = 0;
    for (DetectionListener l : listeners) {
      l.onEpochStart(epoch + 1, images.size());
    }
    long t0 = System.nanoTime();
    CanvasBatches batches = new CanvasBatches(images, order, config, config.flip() ? random : null);
    while (batches.hasNext()) {
      List<Canvas> batch = batches.next();
      Detector.Losses l = detector.train(batch, lr, random);
      sums[0] += l.rpnClass();
      sums[1] += l.rpnBox();
      sums[2] += l.headClass();
      sums[3] += l.headBox();
      steps++;
      for (DetectionListener listener : listeners) {
        listener.onImages(batch.size());
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new DetectionRun.Epoch(
        epoch + 1,
        lr,
        sums[0] / steps,
        sums[1] / steps,
        sums[2] / steps,
        sums[3] / steps,
        images.size() / seconds,
        seconds);
  }
}

package dev.rda.detection;

import dev.rda.core.ProgressBars;
import dev.rda.core.SeedScheme;
import dev.rda.detection.Voc.VocImage;
import dev.rda.savedmodels.ClassifierExport;
import dev.rda.training.Checkpoints;
import dev.rda.training.VariableFiles;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ProgressBar;

/**
 * Trains a detection run to its last epoch, resuming after its latest checkpoint (or starting from
 * the exported backbone), then evaluates it on the test split. Each epoch visits the training
 * images in an order drawn from the seed and the epoch, flips each with probability 1/2, and ends
 * with its metrics line and a checkpoint; the next batch's images are read while a step runs.
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

  public static DetectionRun.Evaluation run(
      DetectionRun run, Inputs inputs, int threads, PrintStream out, boolean progressBar) {
    DetectionConfig config = inputs.config();
    Path backbone = Path.of(config.backbone());
    ClassifierExport.Info info = inputs.info();
    List<VocImage> train = inputs.train();
    List<VocImage> test = inputs.test();
    try (Detector detector = new Detector(config, info, threads)) {
      Checkpoints checkpoints = run.checkpoints();
      List<DetectionRun.Epoch> history = new ArrayList<>(run.metrics());
      int start = checkpoints.latest().map(Checkpoints.Checkpoint::epoch).orElse(0);
      if (start > 0) {
        VariableFiles.restore(
            checkpoints.prefix(checkpoints.latest().orElseThrow()), detector::restore);
        history = new ArrayList<>(history.subList(0, start));
        out.printf("resuming after epoch %d%n", start);
      } else {
        detector.loadBackbone(backbone);
      }
      out.printf(
          Locale.ROOT,
          "backbone: %s width %d from %s (test top-1 %.2f%%), feature map %s (stride %d, %dx%d),"
              + " %d anchors; %,d trained parameters%n",
          info.model(),
          info.modelWidth(),
          backbone,
          info.testTop1(),
          detector.featureMap,
          detector.stride,
          detector.featureHeight,
          detector.featureWidth,
          detector.anchors.length,
          detector.trainableCount);
      out.printf(
          Locale.ROOT,
          "data: %s: %d %s images, %d %s images; input %dx%d; %d epochs, batch %d%n",
          config.data(),
          train.size(),
          config.trainSplit(),
          test.size(),
          config.testSplit(),
          config.imageSize(),
          config.imageSize(),
          config.epochs(),
          config.batchSize());
      for (int epoch = start; epoch < config.epochs(); epoch++) {
        DetectionRun.Epoch e = trainEpoch(detector, config, train, epoch, out, progressBar);
        history.add(e);
        run.writeMetrics(history);
        checkpoints.save(e.epoch(), detector::save, OptionalInt.empty());
        out.printf(
            Locale.ROOT,
            "epoch %d/%d lr %.4g loss %.4f (rpn %.4f + %.4f, head %.4f + %.4f) %.1f img/s%n",
            e.epoch(),
            config.epochs(),
            e.lr(),
            e.loss(),
            e.rpnClassLoss(),
            e.rpnBoxLoss(),
            e.headClassLoss(),
            e.headBoxLoss(),
            e.imagesPerSecond());
      }
      DetectionRun.Evaluation evaluation =
          DetectionEvaluation.evaluate(detector, config, test, config.epochs(), out, progressBar);
      run.writeEvaluation(evaluation);
      return evaluation;
    }
  }

  private static DetectionRun.Epoch trainEpoch(
      Detector detector,
      DetectionConfig config,
      List<VocImage> images,
      int epoch,
      PrintStream out,
      boolean progressBar) {
    Random random = new Random(SeedScheme.derive(config.seed(), epoch));
    List<Integer> order = new ArrayList<>(IntStream.range(0, images.size()).boxed().toList());
    Collections.shuffle(order, random);
    double lr = config.lr(epoch);
    double[] sums = new double[4];
    int steps = 0;
    long t0 = System.nanoTime();
    try (ProgressBar bar =
        progressBar ? ProgressBars.images(out, "epoch " + (epoch + 1), images.size()) : null) {
      CanvasBatches batches =
          new CanvasBatches(images, order, config, config.flip() ? random : null);
      while (batches.hasNext()) {
        List<Canvas> batch = batches.next();
        Detector.Losses l = detector.train(batch, lr, random);
        sums[0] += l.rpnClass();
        sums[1] += l.rpnBox();
        sums[2] += l.headClass();
        sums[3] += l.headBox();
        steps++;
        if (bar != null) {
          bar.stepBy(batch.size());
        }
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

package dev.rda.detection;

import dev.rda.core.ProgressBars;
import dev.rda.savedmodels.ClassifierExport;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;

/** A detection run on the terminal: what it trains, a bar per epoch, a line per epoch and mAP. */
public final class DetectionConsole implements DetectionListener {
  private final PrintStream out;
  private final boolean progressBar;
  private ProgressBar bar;
  private int epochs;

  public DetectionConsole(PrintStream out, boolean progressBar) {
    this.out = out;
    this.progressBar = progressBar;
  }

  @Override
  public void onRunStart(DetectionTraining.Inputs inputs, Detector detector, int start) {
    DetectionConfig config = inputs.config();
    ClassifierExport.Info info = inputs.info();
    epochs = config.epochs();
    if (start > 0) {
      out.printf("resuming after epoch %d%n", start);
    }
    out.printf(
        Locale.ROOT,
        "backbone: %s width %d from %s (test top-1 %.2f%%); detector %s on %s (strides %s);"
            + " %,d trained parameters%n",
        info.model(),
        info.modelWidth(),
        config.backbone(),
        info.testTop1(),
        detector.layout.id(),
        String.join(", ", detector.levels),
        java.util.Arrays.toString(detector.strides),
        detector.trainableCount);
    out.printf(
        Locale.ROOT,
        "data: %s: %d %s images, %d %s images; shorter side %d, longer at most %d; %d epochs,"
            + " batch %d%n",
        config.data(),
        inputs.train().size(),
        config.trainSplit(),
        inputs.test().size(),
        config.testSplit(),
        config.scale().shorter(),
        config.scale().longer(),
        config.epochs(),
        config.batchSize());
  }

  @Override
  public void onEpochStart(int epoch, int images) {
    open("epoch " + epoch, images);
  }

  @Override
  public void onImages(int images) {
    if (bar != null) {
      bar.stepBy(images);
    }
  }

  @Override
  public void onEpochEnd(DetectionRun.Epoch e, List<DetectionRun.Epoch> history) {
    close();
    out.printf(
        Locale.ROOT,
        "epoch %d/%d lr %.4g loss %.4f (rpn %.4f + %.4f, head %.4f + %.4f) %.1f img/s%n",
        e.epoch(),
        epochs,
        e.lr(),
        e.loss(),
        e.rpnClassLoss(),
        e.rpnBoxLoss(),
        e.headClassLoss(),
        e.headBoxLoss(),
        e.imagesPerSecond());
  }

  @Override
  public void onEvaluationStart(String split, int images) {
    open("evaluate", images);
  }

  @Override
  public void onEvaluated(DetectionRun.Evaluation e) {
    close();
    StringBuilder line = new StringBuilder();
    for (DetectionRun.ClassAp c : e.classes()) {
      if (c.objects() > 0) {
        line.append(
            String.format(Locale.ROOT, " %s %.1f (%d)", c.name(), 100 * c.ap(), c.objects()));
      }
    }
    out.printf(
        Locale.ROOT,
        "%s: mAP %.2f%% (VOC07 11-point, %d images, %d detections); AP (objects):%s%n",
        e.split(),
        100 * e.map(),
        e.images(),
        e.detections(),
        line);
  }

  private void open(String task, int images) {
    close();
    bar = progressBar ? ProgressBars.images(out, task, images) : null;
  }

  private void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}

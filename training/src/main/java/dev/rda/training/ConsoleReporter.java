package dev.rda.training;

import dev.rda.core.ProgressBars;
import java.io.PrintStream;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;

/**
 * What a person watching the run sees: a progress bar with images/s and ETA while an epoch trains
 * (only on an interactive terminal), then one line per epoch.
 */
public final class ConsoleReporter implements TrainingListener {
  private final PrintStream out;
  private final boolean progressBar;
  private int epochs;
  private int refineEpochs;
  private ProgressBar bar;
  private int shown;

  public ConsoleReporter(PrintStream out, boolean progressBar) {
    this.out = out;
    this.progressBar = progressBar;
  }

  @Override
  public void onNotice(String message) {
    out.println("note: " + message);
  }

  @Override
  public void onRunStart(TrainConfig config, TrainingData data, int startEpoch, long parameters) {
    epochs = config.epochs();
    refineEpochs = config.refineEpochs();
    out.printf("data: %s%n", data.describe());
    out.printf(
        "model: %s width %d, %,d trainable parameters; %d epochs (%s%d intensive + %d refine),"
            + " batch %d%n",
        config.model().name(),
        config.model().width(),
        parameters,
        config.epochs(),
        config.autoRefine() == null ? "" : "refine: auto, at most ",
        config.intensiveEpochs(),
        config.refineEpochs(),
        config.batchSize());
    if (startEpoch > 0) {
      out.printf("resuming after epoch %d%n", startEpoch);
    }
  }

  @Override
  public void onEpochStart(int epoch, Phase phase, double lr, int images) {
    if (progressBar) {
      bar =
          ProgressBars.images(
              out, String.format("epoch %d/%d %s", epoch, epochs, phase.name()), images);
      shown = 0;
    }
  }

  @Override
  public void onStep(long step, int imagesSoFar, float loss, double lr) {
    if (bar != null) {
      bar.stepBy(imagesSoFar - shown);
      shown = imagesSoFar;
      bar.setExtraMessage(String.format(" loss %.4f", loss));
    }
  }

  @Override
  public void onEpochEnd(EpochMetrics m, List<EpochMetrics> history) {
    if (bar != null) {
      bar.close();
      bar = null;
    }
    String average =
        m.emaTestTop1() == null ? "" : String.format(" (ema %6.2f%%)", m.emaTestTop1());
    String heldOut =
        m.heldOutLoss() == null ? "" : String.format(" held-out %.4f", m.heldOutLoss());
    out.printf(
        "epoch %3d/%d %-9s lr %.4f s %.2f | train loss aug %.4f clean %.4f%s | test loss %.4f"
            + " top-1 %6.2f%%%s | %,.0f img/s %.1fs%n",
        m.epoch(),
        epochs,
        m.phase(),
        m.lr(),
        m.strength(),
        m.trainLossAugmented(),
        m.trainLossClean(),
        heldOut,
        m.testLoss(),
        m.testTop1(),
        average,
        m.imagesPerSecond(),
        m.epochSeconds());
  }

  @Override
  public void onSwitch(SwitchRule.Decision d) {
    epochs = d.epoch() + refineEpochs;
    out.println(d.describe(refineEpochs));
  }

  @Override
  public void onRunEnd(Summary s) {
    out.printf(
        "done: test top-1 best %.2f%% (epoch %d), last %.2f%%, median of last 10 %.2f%%%n",
        s.bestTop1(), s.bestEpoch(), s.lastTop1(), s.medianLast10Top1());
  }
}

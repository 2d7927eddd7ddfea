package dev.rda.core;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The one progress bar style of the project (me.tongfei:progressbar). */
public final class ProgressBars {
  private ProgressBars() {}

  /**
   * A progress bar over {@code images} images with images/s and ETA, on {@code out}: the stream of
   * the lines around it, so the two never interleave out of order.
   */
  public static ProgressBar images(PrintStream out, String task, long images) {
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(images)
        .setUnit(" img", 1)
        .showSpeed()
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250)
        .setConsumer(new ConsoleProgressBarConsumer(out))
        .build();
  }
}

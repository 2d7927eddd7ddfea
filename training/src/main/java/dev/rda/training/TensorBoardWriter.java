package dev.rda.training;

import dev.rda.core.SessionOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * Writes every epoch's metrics as TensorBoard scalar summaries under {@code RUN/tensorboard/}, with
 * TensorFlow's own summary ops in a small graph of its own, so {@code tensorboard --logdir RUN}
 * shows them with no conversion. The step is the epoch, except for {@code
 * schedule/learning_rate_by_step}, written at each training step where the LR changes. A resumed
 * run appends a new event file.
 */
public final class TensorBoardWriter implements TrainingListener, AutoCloseable {
  /** The scalars, by TensorBoard tag. */
  static final Map<String, ToDoubleFunction<EpochMetrics>> SCALARS = new LinkedHashMap<>();

  static {
    SCALARS.put("loss/train_augmented", EpochMetrics::trainLossAugmented);
    SCALARS.put("loss/train_clean", EpochMetrics::trainLossClean);
    SCALARS.put("loss/test", EpochMetrics::testLoss);
    SCALARS.put("top1/test", EpochMetrics::testTop1);
    SCALARS.put("top1/train_clean", EpochMetrics::trainTop1Clean);
    SCALARS.put("schedule/learning_rate", EpochMetrics::lr);
    SCALARS.put("schedule/augmentation_strength", EpochMetrics::strength);
    SCALARS.put("speed/images_per_second", EpochMetrics::imagesPerSecond);
  }

  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TInt64> step;
  private final Placeholder<TString> tag;
  private final Placeholder<TFloat32> value;
  private final Op write;
  private final Op flush;
  private double lastLr = Double.NaN;

  public TensorBoardWriter(Path runRoot) {
    Ops tf = Ops.create(graph);
    SummaryWriter writer = tf.summary.summaryWriter(SummaryWriter.sharedName("rda_run"));
    Op create =
        tf.summary.createSummaryFileWriter(
            writer,
            tf.constant(runRoot.resolve("tensorboard").toAbsolutePath().toString()),
            tf.constant(100),
            tf.constant(60_000),
            tf.constant(".rda"));
    step = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    tag = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    value = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    write = tf.summary.writeScalarSummary(writer, step, tag, value);
    flush = tf.summary.flushSummaryWriter(writer);
    session = new Session(graph, SessionOptions.of(2));
    session.runner().addTarget(create).run();
  }

  @Override
  public void onStep(long trainingStep, int imagesSoFar, float loss, double lr) {
    if (lr != lastLr) {
      write(trainingStep, "schedule/learning_rate_by_step", lr);
      lastLr = lr;
    }
  }

  @Override
  public void onEpochEnd(EpochMetrics metrics, List<EpochMetrics> history) {
    for (var scalar : SCALARS.entrySet()) {
      write(metrics.epoch(), scalar.getKey(), scalar.getValue().applyAsDouble(metrics));
    }
    if (metrics.emaTestTop1() != null) { // a run with a weight average
      write(metrics.epoch(), "top1/test_ema", metrics.emaTestTop1());
      write(metrics.epoch(), "loss/test_ema", metrics.emaTestLoss());
    }
    if (metrics.heldOutLoss() != null) { // a run with held-out training images
      write(metrics.epoch(), "loss/held_out", metrics.heldOutLoss());
      write(metrics.epoch(), "top1/held_out", metrics.heldOutTop1());
    }
    session.runner().addTarget(flush).run();
  }

  private void write(long at, String name, double v) {
    try (TInt64 s = TInt64.scalarOf(at);
        TString t = TString.scalarOf(name);
        TFloat32 x = TFloat32.scalarOf((float) v)) {
      session.runner().feed(step, s).feed(tag, t).feed(value, x).addTarget(write).run();
    }
  }

  @Override
  public void close() {
    session.runner().addTarget(flush).run();
    session.close();
    graph.close();
  }
}

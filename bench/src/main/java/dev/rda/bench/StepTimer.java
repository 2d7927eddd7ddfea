package dev.rda.bench;

import dev.rda.augment.Augmentations;
import dev.rda.augment.Batch;
import dev.rda.core.BadInputException;
import dev.rda.core.Precision;
import dev.rda.core.SessionOptions;
import dev.rda.data.ImageSet;
import dev.rda.data.ImageSpec;
import dev.rda.data.InputPipeline;
import dev.rda.data.PipelineReader;
import dev.rda.data.Stage;
import dev.rda.models.FeatureHook;
import dev.rda.models.Models;
import dev.rda.models.Network;
import dev.rda.training.MomentumSgd;
import dev.rda.training.Replication;
import dev.rda.training.TrainStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import me.tongfei.progressbar.ProgressBar;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;

/**
 * One full training step (forward in training mode, soft-label cross-entropy, backward, SGD
 * momentum update with weight decay, BN statistics) in its own graph and session, timed step by
 * step: the workload of {@code ../shared/peers/bench_train_step.py}. Fed from a batch held in the
 * graph ({@link Feed#MEMORY}) or from the input pipeline over random images with the standard
 * augmentation ({@link Feed#PIPELINE}).
 */
public final class StepTimer implements AutoCloseable {
  /** Where the step's batches come from. */
  public enum Feed {
    MEMORY,
    PIPELINE
  }

  private final Graph graph = new Graph();
  private final Session session;
  private final TrainStep step;
  private final String model;
  private Runnable startEpoch = () -> {};
  private PipelineReader reader;

  /**
   * The step of {@code model} built with {@code spec} on batches of {@code batch} images of {@code
   * shape} (height, width, channels), spread over {@code replication}'s devices, computing in
   * {@code precision} where this machine can.
   */
  public StepTimer(
      String model,
      Models.Spec spec,
      int[] shape,
      int batch,
      Feed feed,
      Replication replication,
      int threads,
      Precision precision) {
    this.model = model;
    session = new Session(graph, SessionOptions.of(threads, replication.cpuDevices(), precision));
    Ops tf = Ops.create(graph);
    Network net = Models.build(model, tf, spec);
    Operand<TFloat32> images;
    Operand<TFloat32> labels;
    if (feed == Feed.MEMORY) {
      Ops init = tf.withInitScope();
      images =
          tf.withName("bench_images")
              .variable(
                  init.random.statelessRandomNormal(
                      init.constant(Shape.of(batch, shape[0], shape[1], shape[2])),
                      init.constant(new long[] {1, 2}),
                      TFloat32.class));
      labels = tf.constant(softLabels(batch, spec.classes()));
    } else {
      // Enough images for 16 steps; the epoch restarts when they run out.
      ImageSet set = ImageSet.random(batch * 16, shape[0], shape[1], shape[2], spec.classes(), 0);
      InputPipeline pipeline =
          new InputPipeline(tf, ImageSpec.of(set), set.statistics(), Math.max(threads, 1));
      reader = new PipelineReader(tf, "bench_iterator", pipeline);
      List<String> ops =
          shape[0] > 64
              ? List.of("random-resized-crop", "hflip")
              : List.of("pad-crop(pad=4)", "hflip");
      reader.add(
          "standard",
          reader.bind(pipeline.source(), set),
          new Stage(ops.stream().map(Augmentations::sample).toList(), null, batch, true, true));
      Batch next = reader.next();
      images = next.images();
      labels = next.labels();
      startEpoch = () -> PipelineReader.start(session, List.of(reader), "standard", 0, 1f);
    }
    step =
        TrainStep.build(
            tf,
            net,
            images,
            labels,
            FeatureHook.NONE,
            new MomentumSgd(tf, 0.9, 5e-4),
            tf.constant(0.1f),
            replication);
    session.initialize();
    startEpoch.run();
  }

  /** Seconds of each of {@code n} steps; {@code bar} steps once per step. */
  public List<Double> run(int n, ProgressBar bar) {
    List<Double> seconds = new ArrayList<>();
    while (seconds.size() < n) {
      long t0 = System.nanoTime();
      try (Result r = session.runner().addTarget(step.update()).fetch(step.loss()).run()) {
        float loss = ((TFloat32) r.get(0)).getFloat();
        if (!Float.isFinite(loss)) {
          throw new BadInputException("--model " + model + ": the loss became " + loss);
        }
      } catch (TFOutOfRangeException endOfEpoch) {
        startEpoch.run();
        continue;
      }
      seconds.add((System.nanoTime() - t0) / 1e9);
      bar.step();
    }
    return seconds;
  }

  /** {@code n} steps traced by TensorFlow: where their time goes, kernel by kernel. */
  public StepProfile profile(int n) {
    RunOptions trace =
        RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build();
    List<RunMetadata> traces = new ArrayList<>();
    while (traces.size() < n) {
      try (Result r =
          session
              .runner()
              .addTarget(step.update())
              .fetch(step.loss())
              .setOptions(trace)
              .runAndFetchMetadata()) {
        r.getMetadata().ifPresent(traces::add);
      } catch (TFOutOfRangeException endOfEpoch) {
        startEpoch.run();
      }
    }
    return StepProfile.of(traces);
  }

  @Override
  public void close() {
    if (reader != null) {
      reader.close();
    }
    session.close();
    graph.close();
  }

  /** Mixtures of two random one-hot rows with lambda ~ U(0, 1), as the peer's labels. */
  private static float[][] softLabels(int n, int classes) {
    Random r = new Random(0);
    float[][] p = new float[n][classes];
    for (float[] row : p) {
      float lam = r.nextFloat();
      row[r.nextInt(classes)] += lam;
      row[r.nextInt(classes)] += 1 - lam;
    }
    return p;
  }
}

package dev.rda.savedmodels;

import dev.rda.augment.Augmentations;
import dev.rda.augment.SampleAugmentation;
import dev.rda.augment.VectorizedSample;
import dev.rda.core.AtomicFiles;
import dev.rda.core.BadInputException;
import dev.rda.core.Json;
import dev.rda.core.SessionOptions;
import dev.rda.data.ImageSpec;
import dev.rda.data.Normalization;
import dev.rda.models.FeatureHook;
import dev.rda.models.Mode;
import dev.rda.models.Network;
import dev.rda.training.Checkpoints;
import dev.rda.training.EpochMetrics;
import dev.rda.training.RunDirectory;
import dev.rda.training.TrainConfig;
import dev.rda.training.VariableFiles;
import dev.rda.training.VariableValues;
import dev.rda.training.WeightAverage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * Writes a run's network as a SavedModel: a new graph with the network in evaluation mode (BN
 * moving averages), its variables restored from one of the run's checkpoints, and two signatures:
 *
 * <ul>
 *   <li>{@code serving_default}: {@code images}, uint8 [batch, H, W, C] at the run's input size ->
 *       {@code logits} and {@code probabilities}, float32 [batch, classes]. Scaling to [0, 1], the
 *       run's evaluation ops (e.g. a centre crop) and its normalisation happen inside.
 *   <li>{@code features}: the same {@code images} -> every named feature map of the network (e.g.
 *       {@code C4}, {@code C5} for ResNet) and {@code penultimate}.
 * </ul>
 *
 * {@code assets.extra/rda.json} records where it came from ({@link Info}). The directory appears
 * whole or not at all: it is written beside its place and renamed into it.
 */
public final class ClassifierExport {
  private ClassifierExport() {}

  /** What an export holds and where it came from. */
  public record Info(
      String run,
      int epoch,
      String model,
      int modelWidth,
      int height,
      int width,
      int channels,
      int classes,
      float[] mean,
      float[] std,
      List<String> evaluation,
      String dataset,
      String dataPath,
      double testTop1,
      String weights,
      Map<String, Double> modelOptions) {
    public Info {
      modelOptions = modelOptions == null ? Map.of() : Map.copyOf(modelOptions);
    }
  }

  /** Which weights an export holds: the trained ones, or their average (a run with ema). */
  public enum Weights {
    RAW,
    EMA
  }

  public static final String SERVING = "serving_default";
  public static final String FEATURES = "features";
  static final String INFO = "assets.extra/rda.json";

  /**
   * Exports {@code run} (input shape {@code spec}, normalised by {@code norm}) to {@code out}, with
   * the weights of {@code checkpoint} ({@code best}, {@code last} or an epoch, as {@link
   * RunDirectory#checkpoint} reads it).
   */
  public static Info export(
      RunDirectory run, String checkpointName, ImageSpec spec, Normalization norm, Path out) {
    return export(run, checkpointName, Weights.RAW, spec, norm, out);
  }

  /** As above, with the trained weights or (a run with ema) their average. */
  public static Info export(
      RunDirectory run,
      String checkpointName,
      Weights weights,
      ImageSpec spec,
      Normalization norm,
      Path out) {
    TrainConfig config = run.config();
    if (weights == Weights.EMA && config.ema() == null) {
      throw new BadInputException(
          run.root()
              + ": keeps no weight average (train it with an ema config); use --weights raw");
    }
    Checkpoints.Checkpoint checkpoint = run.checkpoint(checkpointName);
    if (checkpoint.epoch() == 0) {
      throw new BadInputException(run.root() + ": has trained no epoch yet, nothing to export");
    }
    EpochMetrics at = run.metrics().get(checkpoint.epoch() - 1);
    Info info =
        new Info(
            config.name(),
            checkpoint.epoch(),
            config.model().name(),
            config.model().width(),
            spec.height(),
            spec.width(),
            spec.channels(),
            spec.classes(),
            norm.mean(),
            norm.std(),
            config.augment().evaluation(),
            config.data().dataset(),
            config.data().path(),
            weights == Weights.EMA ? at.emaTestTop1() : at.testTop1(),
            weights.name().toLowerCase(java.util.Locale.ROOT),
            config.model().options());
    Path target = out.toAbsolutePath();
    Path tmp =
        target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    try {
      Files.createDirectories(target.getParent()); // a folder that cannot be made fails here, early
    } catch (IOException e) {
      throw new UncheckedIOException("cannot export to " + target, e);
    }
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TUint8> images =
          tf.withName("images")
              .placeholder(
                  TUint8.class,
                  Placeholder.shape(Shape.of(-1, spec.height(), spec.width(), spec.channels())));
      Operand<TFloat32> x = tf.math.div(tf.dtypes.cast(images, TFloat32.class), tf.constant(255f));
      for (String name : config.augment().evaluation()) {
        SampleAugmentation op = Augmentations.sample(name);
        if (!(op instanceof VectorizedSample batchForm)) {
          throw new BadInputException(
              "augment.evaluation", name, "has no batch form and cannot be exported");
        }
        x = batchForm.applyToBatch(tf, x, tf.constant(0f), tf.constant(new long[] {0, 0}));
      }
      x = tf.math.div(tf.math.sub(x, tf.constant(norm.mean())), tf.constant(norm.std()));
      Network net = config.network(tf, spec);
      Network.Outputs outputs = net.forward(tf, x, Mode.EVAL, FeatureHook.NONE);
      Signature.Builder serving =
          Signature.builder()
              .key(SERVING)
              .input("images", images)
              .output("logits", outputs.logits())
              .output("probabilities", tf.nn.softmax(outputs.logits()));
      Signature.Builder features =
          Signature.builder()
              .key(FEATURES)
              .input("images", images)
              .output("penultimate", outputs.penultimate());
      for (Map.Entry<String, Operand<TFloat32>> map : outputs.featureMaps().entrySet()) {
        features.output(map.getKey(), map.getValue());
      }
      try (Session session = new Session(graph, SessionOptions.of(2))) {
        VariableFiles.restore(run.prefix(checkpoint), session::restore);
        if (weights == Weights.EMA) {
          List<Variable<TFloat32>> vars = new ArrayList<>(net.parameters().trainable());
          vars.addAll(net.parameters().state());
          Map<String, TFloat32> averages = WeightAverage.read(run.prefix(checkpoint), vars);
          try {
            VariableValues.assign(graph, session, vars, averages);
          } finally {
            averages.values().forEach(TFloat32::close);
          }
        }
        RunDirectory.deleteTree(tmp);
        SavedModelBundle.exporter(tmp.toString())
            .withFunction(SessionFunction.create(serving.build(), session))
            .withFunction(SessionFunction.create(features.build(), session))
            .export();
      }
      AtomicFiles.write(tmp.resolve(INFO), Json.pretty(info));
      replace(tmp, target);
    } catch (IOException e) {
      RunDirectory.deleteTree(tmp);
      throw new UncheckedIOException("cannot export to " + target, e);
    }
    return info;
  }

  /** The provenance record of an exported SavedModel. */
  public static Info info(Path savedModel) {
    Path file = savedModel.resolve(INFO);
    try {
      return Json.MAPPER.readValue(file.toFile(), Info.class);
    } catch (IOException e) {
      throw new BadInputException(file + ": not an rda SavedModel (" + e.getMessage() + ")");
    }
  }

  /** Moves {@code fresh} into {@code target}; an older export there is removed only after. */
  private static void replace(Path fresh, Path target) throws IOException {
    Path old =
        target.resolveSibling("." + target.getFileName() + ".old-" + ProcessHandle.current().pid());
    boolean hadOld = Files.exists(target);
    if (hadOld) {
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
    if (hadOld) {
      RunDirectory.deleteTree(old);
    }
  }
}

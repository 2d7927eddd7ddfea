package dev.rda.training;

import dev.rda.augment.Augmentations;
import dev.rda.augment.Batch;
import dev.rda.data.ImageFileReader;
import dev.rda.data.Images;
import dev.rda.data.InputPipeline;
import dev.rda.data.PipelineReader;
import dev.rda.data.Source;
import dev.rda.data.Stage;
import dev.rda.models.FeatureHook;
import dev.rda.models.Mode;
import dev.rda.models.Network;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The network in evaluation mode (BatchNorm's moving averages) on named image sets, each read once
 * in order through the evaluation ops of the config (e.g. a centre crop): loss, top-1 and the
 * penultimate features.
 */
public final class Evaluator implements AutoCloseable {
  private static final int BATCH = 500;

  /** The name of a run's held-out images among its evaluation sets. */
  public static final String HELD_OUT = "heldout";

  /** Result of one pass over an evaluation set. */
  public record Evaluation(double loss, double top1, int images) {}

  /** Penultimate-layer features of a set, in its order, and its labels. */
  public record Features(float[][] values, int[] labels) {}

  private final PipelineReader reader;
  private final Operand<TFloat32> lossSum;
  private final Operand<TFloat32> correct;
  private final Operand<TFloat32> features;

  /**
   * A run's evaluation: its test set, clean sample and held-out images (if any), through the
   * config's evaluation ops.
   */
  static Evaluator of(
      Ops tf, InputPipeline pipeline, TrainConfig config, TrainingData data, Network net) {
    Map<String, Images> sets = new LinkedHashMap<>();
    sets.put("test", data.test());
    sets.put("clean", data.clean());
    if (data.heldOut() != null) {
      sets.put(HELD_OUT, data.heldOut());
    }
    return new Evaluator(tf, pipeline, data.fit(), sets, config.augment().evaluation(), net);
  }

  /** Evaluation of {@code net} on {@code sets} (name to images) through {@code pipeline}. */
  Evaluator(
      Ops tf,
      InputPipeline pipeline,
      Source.Fit fit,
      Map<String, Images> sets,
      List<String> evaluationOps,
      Network net) {
    reader = new PipelineReader(tf, "eval_iterator", pipeline);
    Stage stage =
        Stage.evaluation(evaluationOps.stream().map(Augmentations::sample).toList(), BATCH);
    for (Map.Entry<String, Images> set : sets.entrySet()) {
      reader.add(set.getKey(), reader.bind(pipeline.source(fit), set.getValue()), stage);
    }
    Batch batch = reader.next();
    Ops eval = tf.withSubScope("eval");
    Network.Outputs out = net.forward(eval, batch.images(), Mode.EVAL, FeatureHook.NONE);
    features = out.penultimate();
    lossSum =
        eval.sum(
            eval.nn.softmaxCrossEntropyWithLogits(out.logits(), batch.labels()).loss(),
            eval.constant(0));
    Operand<TFloat32> hits =
        eval.dtypes.cast(
            eval.math.equal(
                eval.math.argMax(out.logits(), eval.constant(1)),
                eval.math.argMax(batch.labels(), eval.constant(1))),
            TFloat32.class);
    correct = eval.sum(hits, eval.constant(0));
  }

  /** Loss and top-1 on {@code set}. */
  public Evaluation evaluate(Session session, String set) {
    PipelineReader.start(session, List.of(reader), set, 0, 0f);
    double loss = 0;
    double right = 0;
    long batches = 0;
    while (true) {
      try (Result r = session.runner().fetch(lossSum).fetch(correct).run()) {
        loss += ((TFloat32) r.get(0)).getFloat();
        right += ((TFloat32) r.get(1)).getFloat();
        batches++;
      } catch (TFOutOfRangeException end) {
        break;
      } catch (TFInvalidArgumentException | TensorFlowException e) {
        throw ImageFileReader.explain(e, reader.data(set).set(), 0, false, batches * BATCH);
      }
    }
    int n = reader.data(set).size();
    return new Evaluation(loss / n, 100.0 * right / n, n);
  }

  public Features penultimate(Session session, String set) {
    PipelineReader.start(session, List.of(reader), set, 0, 0f);
    List<float[]> rows = new ArrayList<>();
    while (true) {
      try (Result r = session.runner().fetch(features).run()) {
        TFloat32 f = (TFloat32) r.get(0);
        int n = (int) f.shape().get(0);
        int d = (int) f.shape().get(1);
        for (int i = 0; i < n; i++) {
          float[] row = new float[d];
          for (int j = 0; j < d; j++) {
            row[j] = f.getFloat(i, j);
          }
          rows.add(row);
        }
      } catch (TFOutOfRangeException end) {
        break;
      }
    }
    // Evaluation sets are read once, in order: the rows follow the set's own labels.
    return new Features(rows.toArray(new float[0][]), reader.data(set).set().labels());
  }

  @Override
  public void close() {
    reader.close();
  }
}

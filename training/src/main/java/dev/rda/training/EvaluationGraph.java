package dev.rda.training;

import dev.rda.core.SessionOptions;
import dev.rda.data.InputPipeline;
import dev.rda.models.Network;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * A run's network in evaluation mode only, on its test set and clean training sample: what an
 * analysis of a checkpoint needs, without the training step, the optimizer's state or the training
 * pipelines. A checkpoint restores into it by variable name (its extra tensors, such as momentum,
 * are left unread).
 */
public final class EvaluationGraph implements AutoCloseable {
  private final Graph graph = new Graph();
  private final Session session;
  private final Evaluator evaluator;

  public EvaluationGraph(TrainConfig config, TrainingData data, int threads) {
    Ops tf = Ops.create(graph);
    int mapCalls = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    InputPipeline pipeline = new InputPipeline(tf, data.spec(), data.normalization(), mapCalls);
    Network net = config.network(tf, data.spec());
    evaluator = Evaluator.of(tf, pipeline, config, data, net);
    session = new Session(graph, SessionOptions.of(threads, 0, config.model().computePrecision()));
  }

  /** The network's weights and BatchNorm statistics from the checkpoint at {@code prefix}. */
  public void restore(String prefix) {
    session.restore(prefix);
  }

  /** Loss and top-1 on "test" or "clean". */
  public Evaluator.Evaluation evaluate(String set) {
    return evaluator.evaluate(session, set);
  }

  /** Penultimate-layer features of "test" or "clean", and their labels. */
  public Evaluator.Features penultimate(String set) {
    return evaluator.penultimate(session, set);
  }

  @Override
  public void close() {
    evaluator.close();
    session.close();
    graph.close();
  }
}

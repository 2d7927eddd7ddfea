package dev.rda.training;

import dev.rda.augment.Augmentations;
import dev.rda.augment.Batch;
import dev.rda.augment.ManifoldMixup;
import dev.rda.core.BadInputException;
import dev.rda.data.ImageFileReader;
import dev.rda.data.ImageSpec;
import dev.rda.data.InputPipeline;
import dev.rda.data.PipelineReader;
import dev.rda.data.Source;
import dev.rda.data.Stage;
import dev.rda.models.FeatureHook;
import dev.rda.models.Network;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The whole graph of a run, built once: the network with a training and an evaluation path over the
 * same variables, one dataset per phase behind one shared training iterator, the evaluation
 * datasets behind a second iterator, the loss and the optimizer step.
 */
public final class TrainingGraph implements AutoCloseable {
  /**
   * The pipeline of standard augmentation alone, beside the phases' (see {@link #startPipeline}).
   */
  public static final String STANDARD = "standard";

  private final Graph graph = new Graph();
  private final Session session;
  private final List<PipelineReader> readers = new ArrayList<>();
  private final List<Phase> phases;
  private final Evaluator evaluator;
  private final boolean heldOut; // the run evaluates held-out training images
  private final Source.Tensors trainData;
  private final Placeholder<TFloat32> learningRate;
  private final Operand<TFloat32> labelSmoothing; // null: the config does not smooth
  private TFloat32 smoothing; // this phase's, made once an epoch
  private final Operand<TFloat32> trainLoss;
  private final Op trainStep;
  private final WeightAverage average; // null: the config keeps no weight average
  private TFloat32 decay; // the average's fed decay, remade when it changes
  private double fedDecay = Double.NaN;
  private final Parts parts;
  private final long parameterCount;
  private final List<Variable<TFloat32>> modelVariables;
  private final int batchSize;
  private final Replication replication;
  private long epochSeed;
  private int stepsThisEpoch;

  public TrainingGraph(TrainConfig config, TrainingData data, int threads) {
    this(config, data, threads, Replication.SINGLE);
  }

  /** The graph with its training step spread over devices as {@code replication} says. */
  public TrainingGraph(
      TrainConfig config, TrainingData data, int threads, Replication replication) {
    phases = Phase.plan(config);
    replication.checkBatch(config.batchSize());
    Ops tf = Ops.create(graph);
    ImageSpec spec = data.spec();
    batchSize = config.batchSize();
    int mapCalls = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    InputPipeline pipeline = new InputPipeline(tf, spec, data.normalization(), mapCalls);

    Map<String, Stage> stages = stages(config);
    int shards = replication.cluster() == null ? 1 : replication.replicas();
    addReaders(tf, pipeline, data, stages, shards, replication, mapCalls);
    trainData = readers.get(0).data(STANDARD);
    Network net = config.network(tf, spec);
    parameterCount = net.parameters().trainableCount();
    modelVariables = new ArrayList<>(net.parameters().trainable());
    modelVariables.addAll(net.parameters().state());

    List<Batch> batches = readers.stream().map(PipelineReader::next).toList();
    Batch batch = batches.get(0);
    FeatureHook hook = hook(config, stages, net, batch);
    learningRate =
        tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    // Label smoothing, fed per phase as the strength is; built only for a config that smooths,
    // so a run without it keeps the graph (and the figures) it had.
    labelSmoothing =
        config.labelSmoothing() > 0
            ? tf.withName("label_smoothing").placeholderWithDefault(tf.constant(0f), Shape.scalar())
            : null;
    List<Operand<TFloat32>> targets = new ArrayList<>();
    for (Batch b : batches) {
      targets.add(
          labelSmoothing == null
              ? b.labels()
              : LabelSmoothing.apply(tf, b.labels(), labelSmoothing, data.spec().classes()));
    }
    MomentumSgd sgd =
        new MomentumSgd(tf, config.optimizer().momentum(), config.optimizer().weightDecay());
    TrainStep step =
        shards == 1
            ? TrainStep.build(
                tf, net, batch.images(), targets.get(0), hook, sgd, learningRate, replication)
            : TrainStep.build(
                tf,
                net,
                batches.stream().map(Batch::images).toList(),
                targets,
                hook,
                sgd,
                learningRate,
                replication);
    trainLoss = step.loss();
    trainStep = step.update();
    // Built only for a config that averages, so a run without it keeps its graph and figures.
    average = config.ema() == null ? null : new WeightAverage(tf, modelVariables, trainStep);

    evaluator = Evaluator.of(tf, pipeline, config, data, net);
    heldOut = data.heldOut() != null;

    parts = new Parts(tf, net, batches, hook);
    session = replication.session(graph, threads, config.model().computePrecision());
    this.replication = replication;
  }

  /**
   * Each phase's augmentations parsed once, into its stage; plus standard augmentation alone, for
   * measuring a model on it whatever the run's phases.
   */
  private Map<String, Stage> stages(TrainConfig config) {
    Map<String, Stage> stages = new LinkedHashMap<>();
    for (Phase phase : phases) {
      stages.put(phase.name(), phase.stage(config.batchSize()));
    }
    stages.put(
        STANDARD,
        new Stage(
            config.augment().standard().stream().map(Augmentations::sample).toList(),
            null,
            config.batchSize(),
            true,
            true));
    return stages;
  }

  /**
   * The training readers: one in a process; in a cluster one per task, on the task's CPU, each
   * reading its shard of every epoch (see Stage#shard).
   */
  private void addReaders(
      Ops tf,
      InputPipeline pipeline,
      TrainingData data,
      Map<String, Stage> stages,
      int shards,
      Replication replication,
      int mapCalls) {
    ImageSpec spec = data.spec();
    for (int s = 0; s < shards; s++) {
      Ops at =
          shards == 1 ? tf : tf.withSubScope("task" + s).withDevice(replication.devices().get(s));
      InputPipeline p =
          shards == 1 ? pipeline : new InputPipeline(at, spec, data.normalization(), mapCalls);
      Source source = p.source(data.fit());
      PipelineReader reader =
          new PipelineReader(at, shards == 1 ? "train_iterator" : "train_iterator_" + s, p);
      Source.Tensors train = reader.bind(source, data.train());
      readers.add(reader);
      for (Map.Entry<String, Stage> stage : stages.entrySet()) {
        reader.add(
            stage.getKey(),
            train,
            shards == 1 ? stage.getValue() : stage.getValue().shard(s, shards));
      }
    }
  }

  /** Manifold Mixup mixes hidden features at the point the pipeline drew for the batch. */
  private FeatureHook hook(
      TrainConfig config, Map<String, Stage> stages, Network net, Batch batch) {
    if (!(stages.get(phases.get(0).name()).batch() instanceof ManifoldMixup manifold)) {
      return FeatureHook.NONE;
    }
    if (manifold.points() > net.mixingPoints()) {
      throw new BadInputException(
          "augment.batch",
          config.augment().batch(),
          "asks for "
              + manifold.points()
              + " mixing points; "
              + config.model().name()
              + " has "
              + net.mixingPoints());
    }
    return (t, point, x) -> batch.featureMix().apply(t, point, x);
  }

  /** The config's phases, planned once: the loop starts each epoch on one of these. */
  public List<Phase> phases() {
    return phases;
  }

  public long parameterCount() {
    return parameterCount;
  }

  public int trainImages() {
    return trainData.size();
  }

  /** Fresh variables (a new run). */
  public void initialize() {
    session.initialize();
  }

  /** Points the training iterator at {@code phase}'s dataset, shuffled with {@code seed}. */
  public void startEpoch(Phase phase, int epoch, long seed) {
    epochSeed = seed;
    stepsThisEpoch = 0;
    PipelineReader.start(session, readers, phase.name(), seed, phase.strength(epoch));
    if (labelSmoothing != null) {
      if (smoothing != null) {
        smoothing.close();
      }
      smoothing = TFloat32.scalarOf((float) phase.labelSmoothing());
    }
  }

  /**
   * One optimizer step on the next batch; returns its loss, or NaN when the epoch's data is
   * exhausted.
   */
  public float step(TFloat32 lr) {
    return step(lr, Double.NaN);
  }

  /**
   * One optimizer step at {@code lr}, then the weight average's update with {@code averageDecay}
   * (ignored for a run without an average).
   */
  public float step(TFloat32 lr, double averageDecay) {
    Session.Runner runner = session.runner().feed(learningRate, lr);
    if (labelSmoothing != null) {
      runner.feed(labelSmoothing, smoothing);
    }
    if (average != null) {
      // Without warm-up the decay is constant after the first update: its tensor is made anew
      // only when the value changes, as the LR's is.
      if (averageDecay != fedDecay) {
        if (decay != null) {
          decay.close();
        }
        decay = TFloat32.scalarOf((float) averageDecay);
        fedDecay = averageDecay;
      }
      runner.feed(average.decay(), decay).addTarget(average.update());
    } else {
      runner.addTarget(trainStep);
    }
    try (Result r = runner.fetch(trainLoss).run()) {
      stepsThisEpoch++;
      return ((TFloat32) r.get(0)).getFloat();
    } catch (TFOutOfRangeException endOfEpoch) {
      return Float.NaN;
    } catch (TFInvalidArgumentException | TensorFlowException e) {
      if (replication.lostTask(e) instanceof TaskLostException lost) {
        throw lost;
      }
      throw ImageFileReader.explain(
          e, trainData.set(), epochSeed, true, (long) stepsThisEpoch * batchSize);
    }
  }

  /** Loss and top-1 of the evaluation path (BN moving averages) on "test" or "clean". */
  public Evaluator.Evaluation evaluate(String set) {
    return evaluator.evaluate(session, set);
  }

  /** Loss and top-1 on the held-out images; null for a run that holds none out. */
  public Evaluator.Evaluation evaluateHeldOut() {
    return heldOut ? evaluate(Evaluator.HELD_OUT) : null;
  }

  /** As {@link #evaluate}, with the weight average in the network; null without one. */
  public Evaluator.Evaluation evaluateAverage(String set) {
    return average == null ? null : average.withAverages(session, () -> evaluate(set));
  }

  /**
   * What an analysis builds on, to add its own ops to this graph ({@link #extend}): the ops, the
   * network, the training readers' batches (one per task) and the feature hook Manifold Mixup mixes
   * through.
   */
  public record Parts(Ops tf, Network net, List<Batch> batches, FeatureHook hook) {}

  /**
   * Adds ops to this graph built from its parts (the session takes them in at its next run); e.g.
   * the model in evaluation mode on the training batches, which only the loss-gap analysis reads.
   */
  public <T> T extend(Function<Parts, T> build) {
    return build.apply(parts);
  }

  /**
   * Starts the training readers on a phase's pipeline ({@code intensive}, {@code refine}) or {@link
   * #STANDARD}, at {@code strength}, shuffled with {@code seed}, without training: for ops added by
   * {@link #extend} to read one epoch of it.
   */
  public void startPipeline(String name, float strength, long seed) {
    if (!readers.get(0).has(name)) {
      throw new IllegalArgumentException("no training pipeline '" + name + "'");
    }
    epochSeed = seed;
    stepsThisEpoch = 0;
    PipelineReader.start(session, readers, name, seed, strength);
  }

  /**
   * Runs {@code fetch} (an op of {@link #extend}) on the next batch; NaN when the pass has ended. A
   * bad image file is named.
   */
  public float fetch(Operand<TFloat32> fetch) {
    try (Result r = session.runner().fetch(fetch).run()) {
      stepsThisEpoch++;
      return ((TFloat32) r.get(0)).getFloat();
    } catch (TFOutOfRangeException endOfPass) {
      return Float.NaN;
    } catch (TFInvalidArgumentException | TensorFlowException e) {
      throw ImageFileReader.explain(
          e, trainData.set(), epochSeed, true, (long) stepsThisEpoch * batchSize);
    }
  }

  public int batchSize() {
    return batchSize;
  }

  /** Penultimate-layer features (evaluation mode) of "test" or "clean", and their labels. */
  public Evaluator.Features penultimate(String set) {
    return evaluator.penultimate(session, set);
  }

  /** The network's variables, trainable and state (BN statistics), in creation order. */
  public List<Variable<TFloat32>> modelVariables() {
    return List.copyOf(modelVariables);
  }

  /**
   * Sets network variables to given values (e.g. a backbone's, before training starts): each
   * variable by its graph name. The optimizer's state is left as initialised.
   */
  public void assign(Map<String, TFloat32> values) {
    VariableValues.assign(graph, session, modelVariables, values);
  }

  /** Writes every variable (weights, BN statistics, momentum) under {@code prefix}. */
  public void save(String prefix) {
    session.save(prefix);
  }

  public void restore(String prefix) {
    session.restore(prefix);
  }

  @Override
  public void close() {
    readers.forEach(PipelineReader::close);
    evaluator.close();
    if (smoothing != null) {
      smoothing.close();
    }
    if (decay != null) {
      decay.close();
    }
    session.close();
    graph.close();
  }
}

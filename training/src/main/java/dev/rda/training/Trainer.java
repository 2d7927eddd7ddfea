package dev.rda.training;

import dev.rda.core.SeedScheme;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.types.TFloat32;

/**
 * Runs the epochs of a config on a {@link TrainingGraph}, in the {@link EpochLoop}: per epoch,
 * point the shared iterator at the phase's dataset, step until the data ends, evaluate on clean
 * training and test data, and tell the listeners. Resuming only changes where the loop starts.
 */
public final class Trainer {
  private final TrainConfig config;
  private final TrainingGraph graph;
  private final List<TrainingListener> listeners;
  // The run's plan: the config, or, once refine: auto has switched, the config switched there.
  private TrainConfig plan;
  private List<Phase> phases;
  private LearningRate schedule;
  private double wall; // the run's training seconds so far, resumed runs included

  public Trainer(TrainConfig config, TrainingGraph graph, List<TrainingListener> listeners) {
    this.config = config;
    this.graph = graph;
    this.listeners = List.copyOf(listeners);
    plan(config);
  }

  /**
   * Trains epochs {@code history.size()} .. {@code until - 1} (0-based; {@code until} at most the
   * config's epochs), after the epochs in {@code history} (empty for a new run, the recorded ones
   * after a resume). A run stopped early can be resumed where it stopped.
   */
  public Summary run(TrainingData data, List<EpochMetrics> history, int until) {
    wall = history.isEmpty() ? 0 : history.get(history.size() - 1).wallSeconds();
    for (TrainingListener l : listeners) {
      l.onRunStart(config, data, history.size(), graph.parameterCount());
    }
    decide(history);
    List<TrainingListener> all = new ArrayList<>(listeners);
    all.add(
        new TrainingListener() {
          @Override
          public void onEpochEnd(EpochMetrics m, List<EpochMetrics> soFar) {
            decide(soFar);
          }
        });
    List<EpochMetrics> done =
        EpochLoop.run(history, () -> Math.min(until, plan.epochs()), this::epoch, all);
    Summary summary = Summary.of(config.name(), done);
    for (TrainingListener l : listeners) {
      l.onRunEnd(summary);
    }
    return summary;
  }

  private void plan(TrainConfig c) {
    plan = c;
    phases = Phase.plan(c);
    schedule = LearningRate.of(c);
  }

  /**
   * refine: auto: asks the rule about the epochs so far while the run is still in its intensive
   * phase, and switches the plan when it fires (the listeners hear of it).
   */
  private void decide(List<EpochMetrics> history) {
    if (plan != config) {
      return;
    }
    var decision = config.switchDecision(history);
    if (decision.isPresent()) {
      plan(config.switchedAfter(decision.get().epoch()));
      for (TrainingListener l : listeners) {
        l.onSwitch(decision.get());
      }
    }
  }

  /**
   * One epoch, 0-based: point the shared iterator at its phase's dataset, step until the data ends,
   * evaluate.
   */
  private EpochMetrics epoch(int epoch) {
    // The last partial batch is dropped in training.
    int imagesPerEpoch = graph.trainImages() / config.batchSize() * config.batchSize();
    int stepsPerEpoch = Math.max(1, imagesPerEpoch / config.batchSize());
    Phase phase = Phase.at(phases, epoch);
    double lr = schedule.atEpochStart(epoch, stepsPerEpoch);
    for (TrainingListener l : listeners) {
      l.onEpochStart(epoch + 1, phase, lr, imagesPerEpoch);
    }
    long t0 = System.nanoTime();
    graph.startEpoch(phase, epoch, epochSeed(epoch));
    double lossSum = 0;
    int steps = 0;
    // The LR is fed per step (a warm-up or a cosine moves within an epoch); its tensor is made
    // anew only when the value changes, so a step schedule makes one an epoch.
    TFloat32 fed = null;
    double fedLr = Double.NaN;
    try {
      while (true) {
        double stepLr = schedule.at(epoch, steps, stepsPerEpoch);
        if (stepLr != fedLr) {
          if (fed != null) {
            fed.close();
          }
          fed = TFloat32.scalarOf((float) stepLr);
          fedLr = stepLr;
        }
        long step = (long) epoch * stepsPerEpoch + steps;
        float loss = graph.step(fed, averageDecay(phase, step, stepsPerEpoch));
        if (Float.isNaN(loss)) {
          break;
        }
        lossSum += loss;
        steps++;
        for (TrainingListener l : listeners) {
          l.onStep(step, steps * config.batchSize(), loss, stepLr);
        }
      }
    } finally {
      if (fed != null) {
        fed.close();
      }
    }
    double trainSeconds = (System.nanoTime() - t0) / 1e9;
    Evaluator.Evaluation clean = graph.evaluate("clean");
    Evaluator.Evaluation test = graph.evaluate("test");
    Evaluator.Evaluation averaged = graph.evaluateAverage("test"); // null: no weight average
    Evaluator.Evaluation heldOut = graph.evaluateHeldOut(); // null: none held out
    double epochSeconds = (System.nanoTime() - t0) / 1e9;
    wall += epochSeconds;
    return new EpochMetrics(
        epoch + 1,
        phase.name(),
        lr,
        phase.strength(epoch),
        steps == 0 ? Double.NaN : lossSum / steps,
        clean.loss(),
        clean.top1(),
        test.loss(),
        test.top1(),
        steps * config.batchSize() / trainSeconds,
        epochSeconds,
        wall,
        averaged == null ? null : averaged.loss(),
        averaged == null ? null : averaged.top1(),
        heldOut == null ? null : heldOut.loss(),
        heldOut == null ? null : heldOut.top1());
  }

  /**
   * The weight average's decay for 0-based {@code step}: its update count runs from the run's
   * start, or from the phase's if the phase restarts the average (NaN: the config keeps none).
   */
  private double averageDecay(Phase phase, long step, int stepsPerEpoch) {
    if (config.ema() == null) {
      return Double.NaN;
    }
    long start = phase.restartsAverage() ? (long) phase.start() * stepsPerEpoch : 0;
    return config.ema().decayAt(step - start + 1);
  }

  /** A distinct, repeatable seed per epoch: the same run seed replays the same batches. */
  long epochSeed(int epoch) {
    return SeedScheme.derive(config.seed(), epoch + 1);
  }
}

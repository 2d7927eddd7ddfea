package dev.rda.models;

import dev.rda.core.SeedScheme;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The variables of one network: created once when the layers are built, then shared by every
 * forward pass (training and evaluation paths read the same weights).
 *
 * <p>Each variable gets its own initializer seed derived from the model seed, so a run is
 * repeatable. State that is not trained (BatchNorm moving statistics) is kept apart from the
 * trainable weights, which is what the optimizer and weight decay see.
 */
public final class Parameters {

  /** Builds the initial value of a variable, in the graph's init scope. */
  @FunctionalInterface
  public interface Initializer {
    Operand<TFloat32> create(Ops initScope, Shape shape, long seed);
  }

  private final long seed;
  private final List<Variable<TFloat32>> trainable = new ArrayList<>();
  private final List<Variable<TFloat32>> state = new ArrayList<>();
  private final List<Op> updates = new ArrayList<>();
  private int randomOps;
  private CrossReplicaMoments crossReplica;

  public Parameters(long seed) {
    this.seed = seed;
  }

  /** A trainable variable named {@code name} inside {@code scope}. */
  public Variable<TFloat32> trainable(Ops scope, String name, Shape shape, Initializer init) {
    Variable<TFloat32> v = create(scope, name, shape, init);
    trainable.add(v);
    return v;
  }

  /** A variable the optimizer never touches (e.g. BatchNorm moving mean). */
  public Variable<TFloat32> state(Ops scope, String name, Shape shape, Initializer init) {
    Variable<TFloat32> v = create(scope, name, shape, init);
    state.add(v);
    return v;
  }

  private Variable<TFloat32> create(Ops scope, String name, Shape shape, Initializer init) {
    long variableSeed = SeedScheme.derive(seed, trainable.size() + state.size() + 1);
    Operand<TFloat32> initial = init.create(scope.withInitScope(), shape, variableSeed);
    return scope.withName(name).variable(initial);
  }

  /**
   * A seed for one random op of a stochastic layer (dropout, shake-shake), derived from the model
   * seed like the initializers' seeds, so the noise of a run repeats.
   */
  public synchronized long opSeed() {
    return seed * 1_000_033L + 7_919L * ++randomOps;
  }

  /** Registers an op that must run with every training step (BatchNorm statistic updates). */
  public synchronized void addUpdate(Op update) {
    updates.add(update);
  }

  public List<Variable<TFloat32>> trainable() {
    return Collections.unmodifiableList(trainable);
  }

  public List<Variable<TFloat32>> state() {
    return Collections.unmodifiableList(state);
  }

  public synchronized List<Op> updates() {
    return List.copyOf(updates);
  }

  /**
   * Makes BatchNorm in TRAIN paths use the global batch's statistics across replicas (synchronised
   * BatchNorm) while set; {@code null} returns to each path's own batch statistics.
   */
  public void crossReplica(CrossReplicaMoments moments) {
    this.crossReplica = moments;
  }

  public CrossReplicaMoments crossReplica() {
    return crossReplica;
  }

  /** Number of trainable scalars, as papers count parameters. */
  public long trainableCount() {
    return trainable.stream().mapToLong(v -> v.shape().size()).sum();
  }
}

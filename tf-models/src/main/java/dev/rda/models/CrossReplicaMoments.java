package dev.rda.models;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Synchronised BatchNorm's statistics: the mean and variance of each BatchNorm input over the
 * global batch, whose slices several replicas of a network hold on their own devices.
 *
 * <p>Each replica's forward pass is built by its own thread ({@link #enter} names the replica). At
 * every BatchNorm the threads meet twice: once to average their slices' means into the global mean,
 * once to average their squared deviations from it into the global (biased) variance. The last
 * thread to arrive builds the averaging ops in {@code shared}; all replicas then normalise with
 * them, so gradients flow back into every replica's activations, as one device's BatchNorm over the
 * whole batch would. Slices must be of equal size.
 */
public final class CrossReplicaMoments {
  private final Ops shared;
  private final int replicas;
  private final CyclicBarrier gathered; // the last to arrive builds the average
  private final CyclicBarrier released; // nobody starts the next meeting before all have read it
  private final ThreadLocal<Integer> replica = new ThreadLocal<>();
  private final Operand<TFloat32>[] slots;
  private Operand<TFloat32> average;

  /** The global batch's statistics of one BatchNorm input, per channel. */
  public record Moments(Operand<TFloat32> mean, Operand<TFloat32> variance) {}

  @SuppressWarnings("unchecked")
  public CrossReplicaMoments(Ops shared, int replicas) {
    this.shared = shared.withSubScope("cross_replica");
    this.replicas = replicas;
    this.slots = new Operand[replicas];
    this.gathered = new CyclicBarrier(replicas, this::averageSlots);
    this.released = new CyclicBarrier(replicas);
  }

  public int replicas() {
    return replicas;
  }

  /** Declares that the calling thread builds replica {@code index}'s forward pass. */
  public void enter(int index) {
    replica.set(index);
  }

  /** Lets threads waiting at a meeting fail instead of waiting for one that will not come. */
  public void abandon() {
    gathered.reset();
    released.reset();
  }

  /** Mean and biased variance over [batch, height, width] of every replica's {@code x}. */
  Moments moments(Ops tf, Operand<TFloat32> x) {
    Operand<org.tensorflow.types.TInt32> axes = tf.constant(new int[] {0, 1, 2});
    Operand<TFloat32> mean = allAverage(tf.math.mean(x, axes));
    Operand<TFloat32> deviation = tf.math.square(tf.math.sub(x, mean));
    return new Moments(mean, allAverage(tf.math.mean(deviation, axes)));
  }

  private Operand<TFloat32> allAverage(Operand<TFloat32> local) {
    Integer index = replica.get();
    if (index == null) {
      throw new IllegalStateException("a replica's thread must call enter() first");
    }
    slots[index] = local;
    await(gathered);
    Operand<TFloat32> result = average;
    await(released);
    return result;
  }

  private void averageSlots() {
    Operand<TFloat32> sum = slots[0];
    for (int i = 1; i < replicas; i++) {
      sum = shared.math.add(sum, slots[i]);
    }
    average = shared.math.div(sum, shared.constant((float) replicas));
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building replicas", e);
    } catch (BrokenBarrierException e) {
      throw new IllegalStateException("another replica failed to build", e);
    }
  }
}

package dev.rda.training;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The epoch loop every trainer here runs (a classifier's {@link Trainer}, detection's): the epochs
 * after those in the history, up to {@code until}, each made by {@code epoch} and then told to the
 * listeners with the history so far. What an epoch does, and what follows it (metrics files,
 * checkpoints, console lines), is the caller's and the listeners': the loop has no branch for them.
 */
public final class EpochLoop {
  private EpochLoop() {}

  /** Hears each epoch's record {@code M} once the epoch is done. */
  public interface Listener<M> {
    /** {@code history} holds every epoch so far, this one included. */
    default void onEpochEnd(M epoch, List<M> history) {}
  }

  /** Trains one epoch, 0-based, and returns its record. */
  @FunctionalInterface
  public interface Epoch<M> {
    M train(int epoch);
  }

  /** Runs epochs {@code history.size()} .. {@code until - 1}; returns the whole history. */
  public static <M> List<M> run(
      List<M> history, int until, Epoch<M> epoch, List<? extends Listener<M>> listeners) {
    return run(history, () -> until, epoch, listeners);
  }

  /**
   * As above, with the end asked again after each epoch (a run whose length it decides itself, e.g.
   * by switching to refinement early).
   */
  public static <M> List<M> run(
      List<M> history, IntSupplier until, Epoch<M> epoch, List<? extends Listener<M>> listeners) {
    List<M> done = new ArrayList<>(history);
    for (int e = done.size(); e < until.getAsInt(); e++) {
      M m = epoch.train(e);
      done.add(m);
      List<M> soFar = List.copyOf(done);
      for (Listener<M> l : listeners) {
        l.onEpochEnd(m, soFar);
      }
    }
    return done;
  }
}

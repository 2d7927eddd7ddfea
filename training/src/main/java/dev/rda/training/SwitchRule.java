package dev.rda.training;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * When a run with {@code refine: auto} leaves the intensive phase: once the loss on the held-out
 * training images ({@code data.heldOut}) has not improved on its best by more than {@code minDelta}
 * for {@code patience} epochs, counted from epoch {@code fromEpoch} (1-based; by default where the
 * learning rate is final, so that a loss still falling with the LR is not cut short). The test set
 * is never read. The decision is a function of the recorded losses alone, so a resumed run, whose
 * training repeats exactly, re-derives it.
 */
public record SwitchRule(int patience, double minDelta, int fromEpoch) {

  /**
   * What triggered a switch: after epoch {@code epoch} (1-based), whose held-out loss had not
   * improved on {@code bestLoss} of epoch {@code bestEpoch} for {@code patience} epochs.
   */
  public record Decision(int epoch, int bestEpoch, double bestLoss, List<Double> heldOutLosses) {
    /** The decision in words, as the console and the reports give it. */
    public String describe(int refineEpochs) {
      return String.format(
          Locale.ROOT,
          "refine: auto switches after epoch %d: the held-out loss has not improved on %.4f (epoch"
              + " %d) since; %d refinement epochs follow, to epoch %d",
          epoch,
          bestLoss,
          bestEpoch,
          refineEpochs,
          epoch + refineEpochs);
    }
  }

  public SwitchRule {
    if (patience < 1 || minDelta < 0 || fromEpoch < 1) {
      throw new IllegalArgumentException(
          "patience " + patience + ", minDelta " + minDelta + ", fromEpoch " + fromEpoch);
    }
  }

  /**
   * The first epoch after which the rule switches, given the held-out loss of epochs 1..n in order;
   * empty while it does not.
   */
  public Optional<Decision> decide(List<Double> heldOutLosses) {
    int bestEpoch = 0;
    double best = Double.POSITIVE_INFINITY;
    for (int e = fromEpoch; e <= heldOutLosses.size(); e++) {
      double loss = heldOutLosses.get(e - 1);
      if (loss < best - minDelta) {
        best = loss;
        bestEpoch = e;
      } else if (e - bestEpoch >= patience) {
        return Optional.of(
            new Decision(e, bestEpoch, best, List.copyOf(heldOutLosses.subList(0, e))));
      }
    }
    return Optional.empty();
  }
}

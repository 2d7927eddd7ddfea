package dev.rda.training;

import dev.rda.core.BadInputException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The check of a step schedule's milestones (epochs after which the LR drops): increasing, and each
 * before the last epoch of its phase. Shortening a run below a preset's milestones is the usual way
 * to break it, so the message names the milestones past the end and how to drop them.
 */
public final class Milestones {
  private Milestones() {}

  /**
   * @param field the config field, e.g. {@code optimizer.milestones}
   * @param epochs the epochs of the phase they belong to
   * @param phase what those epochs are, e.g. "the intensive phase"
   */
  public static void check(String field, List<Integer> milestones, int epochs, String phase) {
    if (milestones == null) {
      throw new BadInputException(field, null, "is missing (use [] for none)");
    }
    int previous = 0;
    for (int m : milestones) {
      if (m <= previous) {
        throw new BadInputException(field, milestones, "must be increasing epochs from 1");
      }
      previous = m;
    }
    List<Integer> past = milestones.stream().filter(m -> m >= epochs).toList();
    if (!past.isEmpty()) {
      List<Integer> kept = milestones.stream().filter(m -> m < epochs).toList();
      throw new BadInputException(
          "config field '"
              + field
              + "': "
              + past.stream().map(String::valueOf).collect(Collectors.joining(", "))
              + (past.size() == 1 ? " lies" : " lie")
              + " past the end of "
              + phase
              + " ("
              + epochs
              + (epochs == 1 ? " epoch" : " epochs")
              + "; a milestone must be below that); keep the others with --set "
              + field
              + "="
              + kept.toString().replace(" ", "")
              + ", or train longer");
    }
  }
}

package dev.rda.augment;

import java.util.List;

/**
 * How the strength of the intensive augmentations changes over the epochs of the intensive phase
 * (the refinement phase always has strength 0). Epochs count from 0 like LR milestones: "off from
 * 40" means the 41st epoch is the first without.
 *
 * <ul>
 *   <li>{@code constant}: 1 throughout;
 *   <li>{@code off} from epoch {@code from}: 1 before, 0 from then on (the paper's removal epoch,
 *       without the LR or pipeline change of refinement);
 *   <li>{@code linear} / {@code cosine} from {@code from} to {@code to}: 1 before, decaying to 0 at
 *       {@code to} and 0 after (the paper's gradual weakening).
 * </ul>
 */
public record StrengthSchedule(String kind, Integer from, Integer to) {

  public static final List<String> KINDS = List.of("constant", "off", "linear", "cosine");
  public static final StrengthSchedule CONSTANT = new StrengthSchedule("constant", null, null);

  public StrengthSchedule {
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException(
          "schedule kind '" + kind + "' is not one of " + String.join(", ", KINDS));
    }
    if (!kind.equals("constant") && (from == null || from < 0)) {
      throw new IllegalArgumentException("schedule '" + kind + "' needs from >= 0, got " + from);
    }
    if ((kind.equals("linear") || kind.equals("cosine")) && (to == null || to <= from)) {
      throw new IllegalArgumentException(
          "schedule '" + kind + "' needs to > from (" + from + "), got " + to);
    }
    if ((kind.equals("constant") || kind.equals("off")) && to != null) {
      throw new IllegalArgumentException("schedule '" + kind + "' takes no 'to'");
    }
    if (kind.equals("constant") && from != null) {
      throw new IllegalArgumentException("schedule 'constant' takes no 'from'");
    }
  }

  /** The strength during 0-based epoch {@code epoch}, in [0, 1]. */
  public double at(int epoch) {
    return switch (kind) {
      case "constant" -> 1.0;
      case "off" -> epoch < from ? 1.0 : 0.0;
      default -> {
        if (epoch <= from) {
          yield 1.0;
        }
        if (epoch >= to) {
          yield 0.0;
        }
        double t = (double) (epoch - from) / (to - from);
        yield kind.equals("linear") ? 1 - t : 0.5 * (1 + Math.cos(Math.PI * t));
      }
    };
  }

  /** The last epoch this schedule still changes at, for checks against the run's length. */
  public int lastChange() {
    return switch (kind) {
      case "constant" -> 0;
      case "off" -> from;
      default -> to;
    };
  }
}

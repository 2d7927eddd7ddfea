package dev.rda.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A multiplier that varies with training progress, of the learning rate or of the intensive
 * augmentations' strength: one type and one config shape for both. Progress is counted in epochs
 * from 0, with the steps of an epoch as its fractions (epoch 3, step 5 of 10 is 3.5).
 *
 * <ul>
 *   <li>{@code constant}: 1.
 *   <li>{@code step}: {@code factor} to the number of {@code milestones} passed (an epoch-based
 *       milestone m applies from the start of epoch m: "when that many epochs are done").
 *   <li>{@code off}: 1 before epoch {@code from}, 0 from it on (the paper's removal epoch).
 *   <li>{@code linear}, {@code cosine}: 1 until {@code from} (default 0), then down to {@code
 *       floor} (default 0) at {@code to}, and {@code floor} after; a learning rate's {@code to}
 *       defaults to the end of the intensive phase.
 * </ul>
 *
 * {@code warmupSteps} > 0 multiplies the first steps by a linear ramp, (k + 1) / warmupSteps at
 * step k, applied per step. Fields a kind does not use must be absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Schedule(
    String kind,
    List<Integer> milestones,
    Double factor,
    Integer from,
    Integer to,
    Double floor,
    Integer warmupSteps) {

  public static final List<String> KINDS = List.of("constant", "step", "off", "linear", "cosine");
  public static final Schedule CONSTANT =
      new Schedule("constant", null, null, null, null, null, null);

  public Schedule {
    if (kind == null || !KINDS.contains(kind)) {
      throw new IllegalArgumentException(
          "schedule kind '" + kind + "' is not one of " + String.join(", ", KINDS));
    }
    boolean decays = kind.equals("linear") || kind.equals("cosine");
    only(kind, "milestones", milestones, kind.equals("step"));
    only(kind, "factor", factor, kind.equals("step"));
    only(kind, "from", from, decays || kind.equals("off"));
    only(kind, "to", to, decays);
    only(kind, "floor", floor, decays);
    if (kind.equals("step")) {
      milestones = milestones == null ? List.of() : List.copyOf(milestones);
      if (factor == null || factor <= 0 || factor > 1) {
        throw new IllegalArgumentException("schedule 'step' needs factor in (0, 1], got " + factor);
      }
    }
    if (kind.equals("off") && (from == null || from < 0)) {
      throw new IllegalArgumentException("schedule 'off' needs from >= 0, got " + from);
    }
    if (from != null && from < 0) {
      throw new IllegalArgumentException("schedule '" + kind + "' needs from >= 0, got " + from);
    }
    if (to != null && to <= (from == null ? 0 : from)) {
      throw new IllegalArgumentException(
          "schedule '" + kind + "' needs to > from (" + (from == null ? 0 : from) + "), got " + to);
    }
    if (floor != null && (floor < 0 || floor > 1)) {
      throw new IllegalArgumentException("schedule floor must be in [0, 1], got " + floor);
    }
    if (warmupSteps != null && warmupSteps < 0) {
      throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
    }
  }

  /** The step schedule of the paper's recipes: {@code factor} at each milestone epoch. */
  public static Schedule step(List<Integer> milestones, double factor) {
    return new Schedule("step", milestones, factor, null, null, null, null);
  }

  /** Strength 1 before epoch {@code from}, 0 from it on. */
  public static Schedule off(int from) {
    return new Schedule("off", null, null, from, null, null, null);
  }

  /**
   * The multiplier at step {@code step} of {@code stepsPerEpoch} in 0-based {@code epoch}; {@code
   * end} is where a decay without {@code to} ends (a learning rate's intensive phase).
   */
  public double at(int epoch, int step, int stepsPerEpoch, int end) {
    double value =
        switch (kind) {
          case "constant" -> 1.0;
          case "step" -> Math.pow(factor, milestones.stream().filter(m -> m <= epoch).count());
          case "off" -> epoch < from ? 1.0 : 0.0;
          default -> decay(epoch + (double) step / stepsPerEpoch, end);
        };
    int warm = warmupSteps == null ? 0 : warmupSteps;
    long k = (long) epoch * stepsPerEpoch + step;
    return k < warm ? value * (k + 1) / warm : value;
  }

  /** The multiplier of a whole epoch (its first step), as the augmentation strength is fed. */
  public double atEpoch(int epoch, int end) {
    return at(epoch, 0, 1, end);
  }

  private double decay(double progress, int end) {
    double start = from == null ? 0 : from;
    double stop = to == null ? end : to;
    double low = floor == null ? 0 : floor;
    if (progress <= start) {
      return 1.0;
    }
    if (progress >= stop) {
      return low;
    }
    double t = (progress - start) / (stop - start);
    double shape = kind.equals("linear") ? 1 - t : 0.5 * (1 + Math.cos(Math.PI * t));
    return low + (1 - low) * shape;
  }

  /**
   * This schedule with a decay's default end fixed at {@code end}, so that it stays the same when
   * the phase it defaults to ends elsewhere (an automatic switch).
   */
  public Schedule endingAt(int end) {
    boolean decays = kind.equals("linear") || kind.equals("cosine");
    return decays && to == null
        ? new Schedule(kind, milestones, factor, from, end, floor, warmupSteps)
        : this;
  }

  /** The last epoch at which the multiplier still changes (warm-up aside), for length checks. */
  public int lastChange(int end) {
    return switch (kind) {
      case "constant" -> 0;
      case "step" -> milestones.stream().mapToInt(Integer::intValue).max().orElse(0);
      case "off" -> from;
      default -> to == null ? end : to;
    };
  }

  private static void only(String kind, String field, Object value, boolean used) {
    if (value != null && !used) {
      throw new IllegalArgumentException("schedule '" + kind + "' takes no '" + field + "'");
    }
  }
}

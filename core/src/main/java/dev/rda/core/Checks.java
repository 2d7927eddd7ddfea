package dev.rda.core;

/** Argument checks that name the config field a bad value came from. */
public final class Checks {
  private Checks() {}

  /** Refuses {@code value} of {@code field} unless {@code ok}, saying what is wrong with it. */
  public static void require(boolean ok, String field, Object value, String problem) {
    if (!ok) {
      throw new BadInputException(field, value, problem);
    }
  }
}

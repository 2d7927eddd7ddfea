package dev.rda.core;

/**
 * How every random stream of a run is derived from the run's seed: stream {@code k} of seed {@code
 * s} is {@code s * 1,000,003 + k} (a prime multiplier, so seeds a few apart never share streams for
 * any k a run uses). Epoch e's batches use stream e + 1, variable i's initialisation stream i + 1,
 * analyses streams no epoch reaches.
 */
public final class SeedScheme {
  private SeedScheme() {}

  public static long derive(long seed, long stream) {
    return seed * 1_000_003L + stream;
  }
}

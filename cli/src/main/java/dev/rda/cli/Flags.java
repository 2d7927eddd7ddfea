package dev.rda.cli;

import dev.rda.core.BadInputException;
import dev.rda.core.Precision;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Checks of command-line values: a bad one ends the command with one line and exit code 2. */
final class Flags {
  private Flags() {}

  static void require(boolean ok, String option, Object value, String problem) {
    if (!ok) {
      throw new BadInputException(option + " " + value + ": " + problem);
    }
  }

  /** A whole number >= 0 (threads, where 0 means every core; warm-up steps; sample sizes). */
  static final class Count implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return atLeast(0, value);
    }
  }

  /** A whole number >= 1 (sizes, counts of seeds, steps, replicas). */
  static final class Positive implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return atLeast(1, value);
    }
  }

  /** A precision's name: float32 or bfloat16. */
  static final class PrecisionName implements ITypeConverter<Precision> {
    @Override
    public Precision convert(String value) {
      try {
        return Precision.of(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not float32 or bfloat16");
      }
    }
  }

  private static int atLeast(int least, String value) {
    int n;
    try {
      n = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a whole number");
    }
    if (n < least) {
      throw new TypeConversionException("'" + value + "' must be at least " + least);
    }
    return n;
  }

  /** {@code n} positive sizes written like 32x32x3. */
  static int[] dimensions(String option, String value, int n) {
    String[] parts = value.split("x", -1);
    require(parts.length == n, option, value, "needs " + n + " sizes like 32x32x3");
    int[] dims = new int[n];
    for (int i = 0; i < n; i++) {
      try {
        dims[i] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException e) {
        dims[i] = -1;
      }
      require(dims[i] >= 1, option, value, "needs positive whole sizes like 32x32x3");
    }
    return dims;
  }
}

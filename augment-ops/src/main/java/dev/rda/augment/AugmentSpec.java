package dev.rda.augment;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed augmentation name as configs write it: {@code hflip}, {@code pad-crop(pad=4)}, {@code
 * mixup(gamma=1.0)}. Parameters are numbers; each builder says which it accepts.
 */
public record AugmentSpec(String name, Map<String, Double> params) {

  private static final Pattern SPEC =
      Pattern.compile("\\s*([a-z][a-z0-9-]*)\\s*(?:\\((.*)\\))?\\s*");

  public static AugmentSpec parse(String text) {
    Matcher m = SPEC.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("cannot parse augmentation '" + text + "'");
    }
    Map<String, Double> params = new LinkedHashMap<>();
    String args = m.group(2);
    if (args != null && !args.isBlank()) {
      for (String part : args.split(",")) {
        String[] kv = part.split("=", 2);
        if (kv.length != 2) {
          throw new IllegalArgumentException(
              "augmentation '" + text + "': expected key=value, got '" + part.trim() + "'");
        }
        try {
          params.put(kv[0].trim(), Double.parseDouble(kv[1].trim()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "augmentation '" + text + "': '" + kv[1].trim() + "' is not a number");
        }
      }
    }
    return new AugmentSpec(m.group(1), params);
  }

  /** The parameter {@code key}, or {@code fallback}; rejects parameters not in {@code known}. */
  double get(String key, double fallback) {
    return params.getOrDefault(key, fallback);
  }

  void allowOnly(String... known) {
    for (String key : params.keySet()) {
      if (!Arrays.asList(known).contains(key)) {
        throw new IllegalArgumentException(
            "augmentation '"
                + name
                + "' has no parameter '"
                + key
                + "' (has: "
                + String.join(", ", known)
                + ")");
      }
    }
  }
}

package dev.rda.cli;

import dev.rda.core.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flags as config overrides, the last layer of a config: dotted field to a JSON value, as {@code
 * --set FIELD=VALUE} gives them. A flag not given adds nothing; text and paths become JSON strings.
 */
final class Overrides {
  private final Map<String, String> fields = new LinkedHashMap<>();

  /** {@code field} = {@code value}, unless the flag was not given (null). */
  Overrides put(String field, Object value) {
    if (value != null) {
      fields.put(
          field,
          value instanceof String || value instanceof Path
              ? Json.line(value.toString())
              : value.toString());
    }
    return this;
  }

  /** The {@code --set} pairs, applied after the named flags. */
  Map<String, String> with(Map<String, String> set) {
    Map<String, String> all = new LinkedHashMap<>(fields);
    all.putAll(set);
    return all;
  }
}

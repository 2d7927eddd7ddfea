package dev.rda.training;

/** A config value that cannot be used: names the field, the value and what is wrong. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String field, Object value, String problem) {
    super("config field '" + field + "': " + value + " " + problem);
  }

  public ConfigException(String message) {
    super(message);
  }
}

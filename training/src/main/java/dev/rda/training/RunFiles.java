package dev.rda.training;

import dev.rda.core.AtomicFiles;
import dev.rda.core.BadInputException;
import dev.rda.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every run directory holds, whatever it trains (a classifier, a detector): {@code
 * config.json} (the resolved config, type {@code C}), {@code metrics.jsonl} (one epoch's {@code M}
 * per line) and {@code checkpoints/}, plus named JSON files. Every file is written to a temporary
 * name and renamed, so a crash never leaves a half-written file.
 */
public final class RunFiles<C, M> {
  private static final String CONFIG = "config.json";
  private static final String METRICS = "metrics.jsonl";
  private static final String CHECKPOINTS = "checkpoints";

  private final Path root;
  private final Class<C> configType;
  private final Class<M> metricsType;

  private RunFiles(Path root, Class<C> configType, Class<M> metricsType) {
    this.root = root;
    this.configType = configType;
    this.metricsType = metricsType;
  }

  /** A new run directory holding {@code config}; refuses to overwrite another run. */
  public static <C, M> RunFiles<C, M> create(
      Path root, C config, Class<C> configType, Class<M> metricsType) {
    if (Files.exists(root.resolve(CONFIG))) {
      throw new BadInputException(
          root
              + ": already holds a run (use --resume "
              + root
              + " to continue it, or another --run-dir)");
    }
    try {
      Files.createDirectories(root.resolve(CHECKPOINTS));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create run directory " + root, e);
    }
    AtomicFiles.write(root.resolve(CONFIG), Json.pretty(config));
    return new RunFiles<>(root, configType, metricsType);
  }

  /** An existing run directory; {@code kind} names it in the refusal ("a run directory"). */
  public static <C, M> RunFiles<C, M> open(
      Path root, String kind, Class<C> configType, Class<M> metricsType) {
    if (!Files.isRegularFile(root.resolve(CONFIG))) {
      throw new BadInputException(root + ": not " + kind + " (no " + CONFIG + ")");
    }
    return new RunFiles<>(root, configType, metricsType);
  }

  public Path root() {
    return root;
  }

  public C config() {
    return read(CONFIG, configType);
  }

  /** The recorded epochs, in order (none before the first). */
  public List<M> metrics() {
    Path file = root.resolve(METRICS);
    if (!Files.exists(file)) {
      return List.of();
    }
    List<M> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          out.add(Json.MAPPER.readValue(line, metricsType));
        }
      }
    } catch (IOException e) {
      throw new BadInputException(file + ": " + firstLine(e.getMessage()));
    }
    return out;
  }

  public void writeMetrics(List<M> metrics) {
    StringBuilder text = new StringBuilder();
    for (M m : metrics) {
      text.append(Json.line(m)).append('\n');
    }
    AtomicFiles.write(root.resolve(METRICS), text.toString());
  }

  public Checkpoints checkpoints() {
    return new Checkpoints(root.resolve(CHECKPOINTS));
  }

  /** Writes {@code value} as the JSON file {@code name} (e.g. summary.json). */
  public void write(String name, Object value) {
    AtomicFiles.write(root.resolve(name), Json.pretty(value));
  }

  /** Reads the JSON file {@code name}; a missing or unreadable one is named. */
  public <T> T read(String name, Class<T> type) {
    Path file = root.resolve(name);
    try {
      return Json.MAPPER.readValue(file.toFile(), type);
    } catch (IOException e) {
      if (!Files.exists(file)) {
        throw new BadInputException(file + ": not found");
      }
      throw new BadInputException(file + ": " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String message) {
    return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
  }
}

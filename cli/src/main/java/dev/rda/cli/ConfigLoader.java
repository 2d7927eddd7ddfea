package dev.rda.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rda.core.BadInputException;
import dev.rda.core.Json;
import dev.rda.detection.DetectionConfig;
import dev.rda.training.TrainConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Resolves a training config in three layers, each overriding the one before: a preset shipped with
 * the CLI, a JSON or YAML file, and {@code path=value} overrides from flags. The layers are merged
 * as JSON trees, then bound to {@link TrainConfig} strictly and validated.
 */
public final class ConfigLoader {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Training presets: the files of {@code /presets/}. */
  public static final List<String> PRESETS = ResourceFolder.names("presets", ".json");

  /** Detection presets: the files of {@code /detection-presets/}. */
  public static final List<String> DETECTION_PRESETS =
      ResourceFolder.names("detection-presets", ".json");

  private ConfigLoader() {}

  public static TrainConfig resolve(String preset, Path file, Map<String, String> overrides) {
    TrainConfig config = resolveUnchecked(preset, file, overrides);
    config.validate();
    return config;
  }

  /** As {@link #resolve}, leaving the values unchecked, to see what the layers give. */
  static TrainConfig resolveUnchecked(String preset, Path file, Map<String, String> overrides) {
    return resolve(TrainConfig.class, presetTree(preset), preset, file, overrides);
  }

  public static DetectionConfig resolveDetection(
      String preset, Path file, Map<String, String> overrides) {
    ObjectNode tree = presetTree("detection-presets", DETECTION_PRESETS, preset);
    DetectionConfig config = resolve(DetectionConfig.class, tree, preset, file, overrides);
    config.validate();
    return config;
  }

  private static <T> T resolve(
      Class<T> type, ObjectNode tree, String preset, Path file, Map<String, String> overrides) {
    if (file != null) {
      merge(tree, readFile(file));
    }
    for (Map.Entry<String, String> o : overrides.entrySet()) {
      set(tree, o.getKey(), o.getValue());
    }
    return bind(tree, file != null ? file.toString() : "preset " + preset, type);
  }

  public static ObjectNode presetTree(String name) {
    return presetTree("presets", PRESETS, name);
  }

  private static ObjectNode presetTree(String folder, List<String> known, String name) {
    if (!known.contains(name)) {
      throw new BadInputException(
          "unknown preset '" + name + "' (known: " + String.join(", ", known) + ")");
    }
    try (InputStream in =
        ConfigLoader.class.getResourceAsStream("/" + folder + "/" + name + ".json")) {
      return (ObjectNode) Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("preset " + name + " is unreadable", e);
    }
  }

  /** A JSON or YAML file of fields as a tree; a missing or malformed file is a one-line error. */
  static ObjectNode readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(file + ": config file not found");
    }
    String lower = file.getFileName().toString().toLowerCase();
    ObjectMapper mapper = lower.endsWith(".yaml") || lower.endsWith(".yml") ? YAML : Json.MAPPER;
    try {
      JsonNode node = mapper.readTree(file.toFile());
      if (!(node instanceof ObjectNode object)) {
        throw new BadInputException(file + ": a config must be an object of fields");
      }
      return object;
    } catch (JsonProcessingException e) {
      throw new BadInputException(
          file
              + ": not valid "
              + (mapper == YAML ? "YAML" : "JSON")
              + " (line "
              + e.getLocation().getLineNr()
              + ": "
              + e.getOriginalMessage()
              + ")");
    } catch (IOException e) {
      throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")");
    }
  }

  /** Deep merge: objects merge field by field, anything else replaces. */
  static void merge(ObjectNode base, ObjectNode over) {
    Iterator<Map.Entry<String, JsonNode>> fields = over.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      JsonNode mine = base.get(f.getKey());
      if (mine instanceof ObjectNode m && f.getValue() instanceof ObjectNode o) {
        merge(m, o);
      } else {
        base.set(f.getKey(), f.getValue());
      }
    }
  }

  /** Sets a dotted path, reading the value as JSON when it parses (numbers, lists, null). */
  static void set(ObjectNode tree, String path, String value) {
    String[] parts = path.split("\\.");
    ObjectNode node = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      if (!(child instanceof ObjectNode)) {
        child = node.putObject(parts[i]);
      }
      node = (ObjectNode) child;
    }
    JsonNode parsed;
    try {
      parsed = Json.MAPPER.readTree(value);
    } catch (JsonProcessingException e) {
      parsed = null;
    }
    node.set(parts[parts.length - 1], parsed != null ? parsed : tree.textNode(value));
  }

  static TrainConfig bind(ObjectNode tree, String origin) {
    return bind(tree, origin, TrainConfig.class);
  }

  /** Binds {@code tree} strictly to {@code type}; a bad field is named in one line. */
  static <T> T bind(ObjectNode tree, String origin, Class<T> type) {
    try {
      return Json.MAPPER.treeToValue(tree, type);
    } catch (UnrecognizedPropertyException e) {
      throw new BadInputException(origin + ": unknown config field '" + path(e) + "'");
    } catch (InvalidFormatException e) {
      throw new BadInputException(
          "config field '"
              + path(e)
              + "': "
              + e.getValue()
              + " is not a valid "
              + e.getTargetType().getSimpleName());
    } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
      // A record's own check refused the value (e.g. a schedule whose 'to' is before 'from').
      String problem = e.getCause() != null ? e.getCause().getMessage() : e.getOriginalMessage();
      throw new BadInputException("config field '" + path(e) + "': " + problem);
    } catch (MismatchedInputException e) {
      throw new BadInputException(
          "config field '"
              + path(e)
              + "': "
              + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (JsonProcessingException e) {
      throw new BadInputException(origin + ": " + e.getOriginalMessage());
    }
  }

  private static String path(com.fasterxml.jackson.databind.JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }
}

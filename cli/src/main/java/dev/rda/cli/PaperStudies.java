package dev.rda.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rda.core.BadInputException;
import dev.rda.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paper's tables as study files, generated from {@code studies/paper-recipes.yaml}: one
 * description of its networks (schedules), datasets and augmentations, and which table trains
 * which, so no recipe is written twice. A cell whose network needs something rda cannot express yet
 * (a cosine LR schedule) is left out of its study, which says so; a study left with no cell is not
 * offered.
 */
final class PaperStudies {
  private PaperStudies() {}

  private static final ObjectNode RECIPES = read();

  private static ObjectNode read() {
    try (InputStream in = PaperStudies.class.getResourceAsStream("/studies/paper-recipes.yaml")) {
      return (ObjectNode) ConfigLoader.YAML.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("studies/paper-recipes.yaml is unreadable", e);
    }
  }

  /** The studies that can be trained, in the recipes' order. */
  static List<String> names() {
    List<String> names = new ArrayList<>();
    RECIPES
        .get("studies")
        .fieldNames()
        .forEachRemaining(
            n -> {
              if (!generate(n).get("cells").isEmpty()) {
                names.add(n);
              }
            });
    return names;
  }

  /** Each study of the recipes that cannot be trained yet, with why. */
  static Map<String, String> unavailable() {
    Map<String, String> out = new LinkedHashMap<>();
    RECIPES
        .get("studies")
        .fieldNames()
        .forEachRemaining(
            n -> {
              if (generate(n).get("cells").isEmpty()) {
                out.put(
                    n,
                    "needs "
                        + network(RECIPES.get("studies").get(n).get("network").asText())
                            .get("needs")
                            .asText());
              }
            });
    return out;
  }

  static ObjectNode spec(String name) {
    if (!RECIPES.get("studies").has(name)) {
      throw new BadInputException("unknown paper study '" + name + "'");
    }
    return generate(name);
  }

  /**
   * The study file of {@code name}: the study's network and dataset as the base, each cell its
   * augmentation (and its own network's schedule where it has one) with the refinement to add.
   */
  private static ObjectNode generate(String name) {
    JsonNode study = RECIPES.get("studies").get(name);
    JsonNode dataset = RECIPES.get("datasets").get(study.get("dataset").asText());
    String baseNetwork = study.get("network").asText();
    ObjectNode spec = Json.MAPPER.createObjectNode();
    spec.put("name", name);
    List<String> missing = new ArrayList<>();
    ObjectNode base = Json.MAPPER.createObjectNode();
    if (!network(baseNetwork).has("needs")) {
      base.setAll((ObjectNode) network(baseNetwork).get("config").deepCopy());
    }
    base.put("refineEpochs", 0);
    base.put("seed", 0);
    base.set("data", dataset.get("data").deepCopy());
    ObjectNode standard = base.putObject("augment");
    standard.set("standard", dataset.get("standard").deepCopy());
    if (dataset.has("evaluation")) {
      standard.set("evaluation", dataset.get("evaluation").deepCopy());
    }
    ArrayNode cells = Json.MAPPER.createArrayNode();
    for (JsonNode entry : study.get("cells")) {
      String augmentation = entry.isTextual() ? entry.asText() : entry.get("augmentation").asText();
      String networkName = entry.has("network") ? entry.get("network").asText() : baseNetwork;
      JsonNode network = network(networkName);
      String cellName = entry.has("name") ? entry.get("name").asText() : augmentation;
      if (network.has("needs")) {
        missing.add(
            cellName
                + " ("
                + network.get("about").asText()
                + ": needs "
                + network.get("needs").asText()
                + ", not in rda yet)");
        continue;
      }
      JsonNode intensive = RECIPES.get("augmentations").get(augmentation);
      if (intensive == null) {
        throw new IllegalStateException("paper-recipes.yaml: no augmentation " + augmentation);
      }
      ObjectNode cell = cells.addObject();
      cell.put("name", cellName);
      ObjectNode config = cell.putObject("config");
      if (!networkName.equals(baseNetwork)) {
        ObjectNode own = network.get("config").deepCopy();
        ObjectNode optimizer = (ObjectNode) own.get("optimizer");
        if (optimizer.has("schedule")) { // over a base with a step schedule: replace it
          optimizer.putArray("milestones");
          optimizer.putNull("decay");
        } else {
          optimizer.putNull("schedule");
        }
        config.setAll(own);
      }
      if (!intensive.isEmpty()) {
        config.putObject("augment").setAll((ObjectNode) intensive.deepCopy());
      }
      if (config.isEmpty()) {
        cell.remove("config");
      }
      if (!augmentation.equals("standard")) {
        ObjectNode refine = cell.putObject("refine");
        refine.put("epochs", network.get("refine").asInt());
        if (network.has("refineLr")) {
          refine.put("lr", network.get("refineLr").asDouble());
        }
      }
    }
    String about = study.get("about").asText();
    if (!missing.isEmpty()) {
      about += ". Left out: " + String.join("; ", missing) + ".";
    }
    spec.put("about", about);
    spec.put("seeds", 3);
    spec.putObject("base").set("config", base);
    spec.set("cells", cells);
    return spec;
  }

  private static JsonNode network(String name) {
    JsonNode n = RECIPES.get("networks").get(name);
    if (n == null) {
      throw new IllegalStateException("paper-recipes.yaml: no network " + name);
    }
    return n;
  }
}

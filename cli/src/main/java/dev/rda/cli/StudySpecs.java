package dev.rda.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rda.analysis.study.StudyPlan;
import dev.rda.core.BadInputException;
import dev.rda.core.Json;
import dev.rda.training.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Study files: a base config (a preset, then a config tree, then dotted overrides, as {@code rda
 * train} layers them) and cells that change it. A cell with {@code refine} also brings its refined
 * twin ({@code NAME-refine}: the same run, then that many refinement epochs, compared with NAME)
 * and, with {@code extended}, the unrefined run trained as long ({@code NAME-extended}), so the
 * refinement is also compared with plain training of equal length; with {@code auto} (an {@code
 * autoRefine} object, {@code {}} for its defaults) also the run that switches by itself ({@code
 * NAME-auto}, the same refinement epochs after the epoch its rule picks, compared with the three
 * others; the study's base must hold out training images, {@code data.heldOut}). Shipped studies
 * are this project's files in {@code /studies/} ({@code fmnist}) and the paper's tables, generated
 * by {@link PaperStudies}.
 */
final class StudySpecs {
  private StudySpecs() {}

  /** A study file, bound strictly (an unknown field is an error). */
  record Spec(String name, String about, Integer seeds, Base base, List<CellSpec> cells) {}

  /** The base config: {@code preset}, then {@code config} merged over it, then {@code set}. */
  record Base(String preset, ObjectNode config, Map<String, JsonNode> set) {}

  record CellSpec(
      String name,
      ObjectNode config,
      Map<String, JsonNode> set,
      Refine refine,
      List<String> versus) {}

  /**
   * {@code epochs} of refinement after the cell's run ({@code lr}: its LR, absent: the run's last),
   * whether to add the equally long unrefined run, and the automatic switch's rule for an auto cell
   * (absent: none).
   */
  record Refine(Integer epochs, Double lr, Boolean extended, ObjectNode auto) {
    Refine {
      extended = extended != null && extended;
    }
  }

  /** The study files shipped in {@code /studies/} (the paper's recipe file is not one). */
  private static final List<String> FILES =
      ResourceFolder.names("studies", ".yaml").stream()
          .filter(n -> !n.equals("paper-recipes"))
          .toList();

  /** Shipped study names: the study files (fmnist) and the paper's tables. */
  static List<String> shipped() {
    List<String> names = new ArrayList<>(FILES);
    names.addAll(PaperStudies.names());
    return names;
  }

  /**
   * The plan of {@code spec}: a study file (a file that exists, or a name ending in .json, .yaml or
   * .yml) or a shipped name (even where a directory of that name exists, as a study's own output
   * directory may); {@code seeds} (if given) replaces the file's.
   */
  static StudyPlan load(String spec, Integer seeds) {
    ObjectNode tree;
    String origin;
    if (looksLikeFile(spec)) {
      Path file = Path.of(spec);
      if (!Files.isRegularFile(file)) {
        throw new BadInputException(spec + ": study file not found");
      }
      tree = ConfigLoader.readFile(file);
      origin = spec;
    } else if (FILES.contains(spec)) {
      tree = resource("/studies/" + spec + ".yaml");
      origin = "study " + spec;
    } else if (PaperStudies.names().contains(spec)) {
      tree = PaperStudies.spec(spec);
      origin = "study " + spec;
    } else {
      throw new BadInputException(
          "unknown study '"
              + spec
              + "': not a file, nor a shipped study (shipped: "
              + String.join(", ", shipped())
              + ")");
    }
    return plan(ConfigLoader.bind(tree, origin, Spec.class), origin, seeds);
  }

  /** The study file a shipped study is made of, for a user to copy and change. */
  static ObjectNode tree(String name) {
    if (FILES.contains(name)) {
      return resource("/studies/" + name + ".yaml");
    }
    if (PaperStudies.names().contains(name)) {
      return PaperStudies.spec(name);
    }
    throw new BadInputException(
        "unknown study '" + name + "' (shipped: " + String.join(", ", shipped()) + ")");
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper YAML_OUT =
      new com.fasterxml.jackson.dataformat.yaml.YAMLMapper(
          com.fasterxml.jackson.dataformat.yaml.YAMLFactory.builder()
              .disable(
                  com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature
                      .WRITE_DOC_START_MARKER)
              .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());

  /** {@code tree} as a YAML study file. */
  static String yaml(ObjectNode tree) {
    try {
      return YAML_OUT.writeValueAsString(tree);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean looksLikeFile(String spec) {
    String lower = spec.toLowerCase();
    return Files.isRegularFile(Path.of(spec)) // not a directory named like a study
        || lower.endsWith(".json")
        || lower.endsWith(".yaml")
        || lower.endsWith(".yml");
  }

  private static ObjectNode resource(String name) {
    try (var in = StudySpecs.class.getResourceAsStream(name)) {
      return (ObjectNode) ConfigLoader.YAML.readTree(in);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(name + " is unreadable", e);
    }
  }

  static StudyPlan plan(Spec spec, String origin, Integer seedsFlag) {
    if (spec.name() == null) {
      throw new BadInputException(origin + ": field 'name' is missing");
    }
    if (spec.cells() == null || spec.cells().isEmpty()) {
      throw new BadInputException(origin + ": field 'cells' must list at least one cell");
    }
    Base base = spec.base() != null ? spec.base() : new Base(null, null, null);
    ObjectNode baseTree =
        base.preset() != null
            ? ConfigLoader.presetTree(base.preset())
            : Json.MAPPER.createObjectNode();
    if (base.config() != null) {
      ConfigLoader.merge(baseTree, base.config());
    }
    apply(baseTree, base.set());
    int seeds = seedsFlag != null ? seedsFlag : spec.seeds() != null ? spec.seeds() : 3;
    List<StudyPlan.Cell> cells = new ArrayList<>();
    for (int i = 0; i < spec.cells().size(); i++) {
      CellSpec c = spec.cells().get(i);
      if (c == null || c.name() == null) {
        throw new BadInputException(origin + ": cells[" + i + "] has no name");
      }
      ObjectNode tree = baseTree.deepCopy();
      if (c.config() != null) {
        ConfigLoader.merge(tree, c.config());
      }
      apply(tree, c.set());
      tree.put("name", c.name());
      TrainConfig config = bindCell(tree, origin, c.name());
      cells.add(new StudyPlan.Cell(c.name(), config, c.versus()));
      Refine r = c.refine();
      if (r == null) {
        continue;
      }
      if (r.epochs() == null || r.epochs() < 1) {
        throw new BadInputException(
            "cells[" + c.name() + "].refine.epochs", r.epochs(), "must be >= 1");
      }
      if (config.refineEpochs() != 0) {
        throw new BadInputException(
            "cells[" + c.name() + "].refine",
            r.epochs(),
            "adds refinement to a run without it; the cell already refines for "
                + config.refineEpochs()
                + " epochs");
      }
      String extendedName = c.name() + "-extended";
      ObjectNode twin = tree.deepCopy();
      twin.put("name", c.name() + "-refine");
      twin.put("epochs", config.epochs() + r.epochs());
      twin.put("refineEpochs", r.epochs());
      if (r.lr() != null) {
        ((ObjectNode) twin.with("optimizer")).put("refineLr", r.lr());
      }
      List<String> versus = new ArrayList<>(List.of(c.name()));
      if (r.extended()) {
        versus.add(extendedName);
      }
      cells.add(
          new StudyPlan.Cell(
              c.name() + "-refine", bindCell(twin, origin, c.name() + "-refine"), versus));
      if (r.extended()) {
        ObjectNode longer = tree.deepCopy();
        longer.put("name", extendedName);
        longer.put("epochs", config.epochs() + r.epochs());
        cells.add(
            new StudyPlan.Cell(extendedName, bindCell(longer, origin, extendedName), List.of()));
      }
      if (r.auto() != null) {
        String autoName = c.name() + "-auto";
        twin.put("name", autoName);
        twin.set("autoRefine", r.auto());
        List<String> against = new ArrayList<>(List.of(c.name(), c.name() + "-refine"));
        if (r.extended()) {
          against.add(extendedName);
        }
        cells.add(new StudyPlan.Cell(autoName, bindCell(twin, origin, autoName), against));
      }
    }
    try {
      return new StudyPlan(spec.name(), spec.about(), seeds, cells);
    } catch (BadInputException e) {
      throw new BadInputException(origin + ": " + e.getMessage());
    }
  }

  private static void apply(ObjectNode tree, Map<String, JsonNode> set) {
    if (set != null) {
      for (var e : new LinkedHashMap<>(set).entrySet()) {
        ConfigLoader.set(tree, e.getKey(), e.getValue().toString());
      }
    }
  }

  private static TrainConfig bindCell(ObjectNode tree, String origin, String cell) {
    try {
      return ConfigLoader.bind(tree, origin + ", cell " + cell, TrainConfig.class);
    } catch (BadInputException e) {
      throw e.getMessage().startsWith(origin)
          ? e
          : new BadInputException(origin + ", cell " + cell + ": " + e.getMessage());
    }
  }
}

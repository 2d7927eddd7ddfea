package dev.rda.analysis.study;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rda.core.BadInputException;
import dev.rda.core.Json;
import dev.rda.training.TrainConfig;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a study trains: named cells, each a whole training config, times seeds 0 .. {@code seeds -
 * 1}. The run of a cell with seed s uses s for the initialisation, the shuffling, the augmentation
 * draws and the training subset, so the cells of one seed are paired: they differ only in what the
 * cells say. A cell's {@code versus} names the cells it is compared with, seed by seed (refined -
 * unrefined).
 */
public record StudyPlan(String name, String about, int seeds, List<Cell> cells) {

  public record Cell(String name, TrainConfig config, List<String> versus) {
    public Cell {
      versus = versus == null ? List.of() : List.copyOf(versus);
    }
  }

  /** A paired comparison: {@code cell} - {@code baseline}, seed by seed. */
  public record Pair(String cell, String baseline) {}

  private static final String NAME = "[A-Za-z0-9._-]+";

  public StudyPlan {
    about = about == null ? "" : about;
    if (name == null || !name.matches(NAME)) {
      throw new BadInputException("name", name, "must be letters, digits, '.', '_' or '-'");
    }
    if (seeds < 1) {
      throw new BadInputException("seeds", seeds, "must be >= 1");
    }
    if (cells == null || cells.isEmpty()) {
      throw new BadInputException("cells", cells, "must list at least one cell");
    }
    cells = List.copyOf(cells);
    Set<String> names = new HashSet<>();
    for (Cell c : cells) {
      if (c.name() == null || !c.name().matches(NAME)) {
        throw new BadInputException(
            "cells.name", c.name(), "must be letters, digits, '.', '_' or '-'");
      }
      if (!names.add(c.name())) {
        throw new BadInputException("cells.name", c.name(), "is used by two cells");
      }
    }
    for (Cell c : cells) {
      for (String v : c.versus()) {
        if (!names.contains(v) || v.equals(c.name())) {
          throw new BadInputException(
              "cells[" + c.name() + "].versus", v, "is not another cell of the study");
        }
      }
      try {
        c.config().validate();
      } catch (BadInputException e) {
        throw new BadInputException("cell '" + c.name() + "': " + e.getMessage());
      }
    }
  }

  public Cell cell(String name) {
    return cells.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new BadInputException(
                    "no cell '"
                        + name
                        + "' in study "
                        + this.name
                        + " (cells: "
                        + String.join(", ", cells.stream().map(Cell::name).toList())
                        + ")"));
  }

  public List<Pair> pairs() {
    return cells.stream()
        .flatMap(c -> c.versus().stream().map(v -> new Pair(c.name(), v)))
        .toList();
  }

  /** The config of {@code cell}'s run with {@code seed}. */
  public static TrainConfig config(Cell cell, int seed) {
    TrainConfig c = cell.config();
    return c.withData(c.data().withSubsetSeed(seed))
        .withNameAndSeed(cell.name() + "-seed" + seed, seed);
  }

  /**
   * Why a directory holding {@code stored} cannot continue as this plan, or null if it can: the
   * same name and cells (in order, with equal configs and comparisons); the number of seeds may
   * grow.
   */
  public String differenceFrom(StudyPlan stored) {
    if (!name.equals(stored.name())) {
      return "it holds study '" + stored.name() + "', not '" + name + "'";
    }
    if (seeds < stored.seeds()) {
      return "it holds "
          + stored.seeds()
          + " seeds, this plan "
          + seeds
          + " (more seeds extend a study; fewer would drop finished runs)";
    }
    for (int i = 0; i < Math.max(cells.size(), stored.cells().size()); i++) {
      if (i >= cells.size()) {
        return "cell '" + stored.cells().get(i).name() + "' is not in this plan";
      }
      if (i >= stored.cells().size()) {
        return "cell '" + cells.get(i).name() + "' is new in this plan";
      }
      Cell mine = cells.get(i);
      Cell theirs = stored.cells().get(i);
      if (!mine.name().equals(theirs.name())) {
        return "cell " + (i + 1) + " is '" + mine.name() + "' here, '" + theirs.name() + "' there";
      }
      String field =
          firstDifference(
              Json.MAPPER.valueToTree(mine.config()), Json.MAPPER.valueToTree(theirs.config()), "");
      if (field != null) {
        return "cell '" + mine.name() + "': " + field;
      }
      if (!mine.versus().equals(theirs.versus())) {
        return "cell '"
            + mine.name()
            + "': versus is "
            + mine.versus()
            + " here, "
            + theirs.versus()
            + " there";
      }
    }
    return null;
  }

  private static String firstDifference(JsonNode mine, JsonNode theirs, String path) {
    if (mine.isObject() && theirs.isObject()) {
      Set<String> fields = new LinkedHashSet<>();
      mine.fieldNames().forEachRemaining(fields::add);
      theirs.fieldNames().forEachRemaining(fields::add);
      for (String f : fields) {
        String d =
            firstDifference(mine.path(f), theirs.path(f), path.isEmpty() ? f : path + "." + f);
        if (d != null) {
          return d;
        }
      }
      return null;
    }
    return mine.equals(theirs)
        ? null
        : path + " is " + text(mine) + " here, " + text(theirs) + " there";
  }

  private static String text(JsonNode n) {
    return n.isMissingNode() ? "absent" : n.toString();
  }
}

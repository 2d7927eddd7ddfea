package dev.rda.cli;

import dev.rda.analysis.study.StudyPlan;
import dev.rda.training.TrainConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * Lists the presets shipped with the CLI, then the paper's tables (the studies generated from its
 * recipes) grouped by table, then the studies sized for a CPU.
 */
@Command(
    name = "presets",
    description =
        "List the training presets, and the paper's tables as studies (grouped by table) with"
            + " the cells each trains.")
final class PresetsCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.out.println("Presets (rda train --preset NAME):");
    Map<String, List<String>> groups = new LinkedHashMap<>();
    groups.put("Fashion-MNIST, sized for this CPU", new ArrayList<>()); // first: what runs here
    for (String name : ConfigLoader.PRESETS) {
      String group =
          name.startsWith("fmnist-")
              ? "Fashion-MNIST, sized for this CPU"
              : "The paper's networks and datasets (GPU-sized)";
      groups.computeIfAbsent(group, g -> new ArrayList<>()).add(name);
    }
    int width = ConfigLoader.PRESETS.stream().mapToInt(String::length).max().orElse(0);
    for (Map.Entry<String, List<String>> group : groups.entrySet()) {
      System.out.println("  " + group.getKey());
      for (String name : group.getValue()) {
        TrainConfig c = ConfigLoader.bind(ConfigLoader.presetTree(name), "preset " + name);
        System.out.printf("    %-" + width + "s  %s%n", name, describe(c));
      }
    }
    System.out.println();
    System.out.println(
        "The paper's tables (rda study NAME; --dry-run for the plan, --only CELL for one cell):");
    Map<String, List<String>> tables = new LinkedHashMap<>();
    for (String name : PaperStudies.names()) {
      String table = name.replaceFirst("^table(\\d+).*", "Table $1");
      tables.computeIfAbsent(table, t -> new ArrayList<>()).add(name);
    }
    int studyWidth = PaperStudies.names().stream().mapToInt(String::length).max().orElse(0);
    for (Map.Entry<String, List<String>> table : tables.entrySet()) {
      System.out.println("  " + table.getKey());
      for (String name : table.getValue()) {
        StudyPlan plan = StudySpecs.load(name, null);
        TrainConfig first = plan.cells().get(0).config();
        List<String> recipes =
            plan.cells().stream()
                .map(StudyPlan.Cell::name)
                .filter(n -> !n.endsWith("-refine"))
                .toList();
        System.out.printf(
            "    %-" + studyWidth + "s  %s:%s, %d runs a seed: %s, and their refined twins%n",
            name,
            first.data().dataset(),
            first.model().name(),
            plan.cells().size(),
            String.join(", ", recipes));
      }
    }
    PaperStudies.unavailable()
        .forEach((name, why) -> System.out.printf("  (%s: not offered, %s)%n", name, why));
    System.out.println();
    System.out.println("Studies for this CPU (rda study NAME):");
    for (String name : StudySpecs.shipped()) {
      if (!PaperStudies.names().contains(name)) {
        System.out.printf("    %s  %s%n", name, StudySpecs.load(name, null).about());
      }
    }
    return 0;
  }

  private static String describe(TrainConfig c) {
    return String.format(
        "%s:%s w%d, %d+%d epochs, batch %d, aug %s%s%s, lr %s wd %s%s",
        c.data().dataset(),
        c.model().name(),
        c.model().width(),
        c.intensiveEpochs(),
        c.refineEpochs(),
        c.batchSize(),
        String.join("+", c.augment().standard()),
        c.augment().intensive().isEmpty() ? "" : " + " + String.join("+", c.augment().intensive()),
        c.augment().batch() == null ? "" : " + " + c.augment().batch(),
        c.optimizer().lr(),
        c.optimizer().weightDecay(),
        c.optimizer().schedule() == null ? "" : ", " + c.optimizer().schedule().kind() + " LR");
  }
}

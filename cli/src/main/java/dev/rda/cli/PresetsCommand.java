package dev.rda.cli;

import dev.rda.training.TrainConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Lists the presets shipped with the CLI. */
@Command(name = "presets", description = "List the training presets and what each trains.")
final class PresetsCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    int width = ConfigLoader.PRESETS.stream().mapToInt(String::length).max().orElse(0);
    for (String name : ConfigLoader.PRESETS) {
      TrainConfig c = ConfigLoader.bind(ConfigLoader.presetTree(name), "preset " + name);
      System.out.printf(
          "%-" + width + "s  %s:%s w%d, %d+%d epochs, batch %d, aug %s%s%s, lr %s wd %s%n",
          name,
          c.data().dataset(),
          c.model().name(),
          c.model().width(),
          c.intensiveEpochs(),
          c.refineEpochs(),
          c.batchSize(),
          String.join("+", c.augment().standard()),
          c.augment().intensive().isEmpty()
              ? ""
              : " + " + String.join("+", c.augment().intensive()),
          c.augment().batch() == null ? "" : " + " + c.augment().batch(),
          c.optimizer().lr(),
          c.optimizer().weightDecay());
    }
    return 0;
  }
}

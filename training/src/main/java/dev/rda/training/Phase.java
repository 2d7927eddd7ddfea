package dev.rda.training;

import java.util.ArrayList;
import java.util.List;

/**
 * A stretch of epochs [start, end) trained with one pipeline. The paper's runs have two:
 * {@code intensive} (standard + batch augmentation, strength 1) and {@code refine} (standard
 * augmentation only, strength 0).
 */
public record Phase(String name, int start, int end, List<String> sample, String batch) {

  public static final String INTENSIVE = "intensive";
  public static final String REFINE = "refine";

  /** Strength of the batch augmentation fed to the pipeline during this phase. */
  public float strength() {
    return batch == null ? 0f : 1f;
  }

  public boolean contains(int epoch) {
    return epoch >= start && epoch < end;
  }

  public static List<Phase> plan(TrainConfig config) {
    List<String> standard = config.augment().standard();
    List<Phase> phases = new ArrayList<>();
    phases.add(new Phase(INTENSIVE, 0, config.intensiveEpochs(), standard, config.augment().batch()));
    if (config.refineEpochs() > 0) {
      phases.add(new Phase(REFINE, config.intensiveEpochs(), config.epochs(), standard, null));
    }
    return List.copyOf(phases);
  }

  public static Phase at(List<Phase> phases, int epoch) {
    return phases.stream()
        .filter(p -> p.contains(epoch))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no phase holds epoch " + epoch));
  }
}

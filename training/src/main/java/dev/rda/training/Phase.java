package dev.rda.training;

import dev.rda.augment.Augmentations;
import dev.rda.core.Schedule;
import dev.rda.data.Stage;
import java.util.ArrayList;
import java.util.List;

/**
 * A stretch of epochs [start, end) trained with one pipeline. The paper's runs have two: {@code
 * intensive} (standard + intensive augmentation, strength from the schedule) and {@code refine}
 * (standard augmentation only, strength 0). Each has its label smoothing, fed like the strength,
 * and says whether the weight average ({@link TrainConfig.EmaConfig}) starts again with it.
 */
public record Phase(
    String name,
    int start,
    int end,
    List<String> sample,
    String batch,
    Schedule schedule,
    double labelSmoothing,
    boolean restartsAverage) {

  public static final String INTENSIVE = "intensive";
  public static final String REFINE = "refine";

  /** Strength of the intensive augmentations during 0-based {@code epoch} of this phase. */
  public float strength(int epoch) {
    return schedule == null ? 0f : (float) schedule.atEpoch(epoch, end);
  }

  /**
   * The pipeline stage of this phase: its per-sample ops, then batches of {@code batchSize}
   * (shuffled, whole batches only), then its batch op; the augmentation specs are parsed here.
   */
  public Stage stage(int batchSize) {
    return new Stage(
        sample.stream().map(Augmentations::sample).toList(),
        batch == null ? null : Augmentations.batch(batch),
        batchSize,
        true,
        true);
  }

  public boolean contains(int epoch) {
    return epoch >= start && epoch < end;
  }

  public static List<Phase> plan(TrainConfig config) {
    TrainConfig.AugmentConfig augment = config.augment();
    List<String> intensive = new ArrayList<>(augment.standard());
    intensive.addAll(augment.intensive());
    List<Phase> phases = new ArrayList<>();
    phases.add(
        new Phase(
            INTENSIVE,
            0,
            config.intensiveEpochs(),
            intensive,
            augment.batch(),
            augment.schedule(),
            config.labelSmoothing(),
            false));
    if (config.refineEpochs() > 0) {
      boolean smooth = config.loss() != null && config.loss().smoothRefinement();
      boolean restart =
          config.ema() != null && config.ema().atSwitch().equals(TrainConfig.EmaConfig.RESTART);
      phases.add(
          new Phase(
              REFINE,
              config.intensiveEpochs(),
              config.epochs(),
              augment.standard(),
              null,
              null,
              smooth ? config.labelSmoothing() : 0,
              restart));
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

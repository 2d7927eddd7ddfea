package dev.rda.augment;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The registry of augmentation names a config may use, per-sample and per-batch. */
public final class Augmentations {
  private Augmentations() {}

  private static final Map<String, Function<AugmentSpec, SampleAugmentation>> SAMPLE =
      new TreeMap<>();
  private static final Map<String, Function<AugmentSpec, BatchAugmentation>> BATCH =
      new TreeMap<>();

  static {
    SAMPLE.put("pad-crop", s -> {
      s.allowOnly("pad");
      return new PadCrop((int) s.get("pad", 4));
    });
    SAMPLE.put("hflip", s -> {
      s.allowOnly("p");
      return new HorizontalFlip(s.get("p", 0.5));
    });
    BATCH.put("mixup", s -> {
      s.allowOnly("gamma");
      return new Mixup(s.get("gamma", 1.0));
    });
  }

  public static SampleAugmentation sample(String text) {
    AugmentSpec spec = AugmentSpec.parse(text);
    return lookup(SAMPLE, spec, "per-sample").apply(spec);
  }

  public static BatchAugmentation batch(String text) {
    AugmentSpec spec = AugmentSpec.parse(text);
    return lookup(BATCH, spec, "per-batch").apply(spec);
  }

  private static <T> Function<AugmentSpec, T> lookup(
      Map<String, Function<AugmentSpec, T>> registry, AugmentSpec spec, String kind) {
    Function<AugmentSpec, T> builder = registry.get(spec.name());
    if (builder == null) {
      throw new IllegalArgumentException(
          "unknown " + kind + " augmentation '" + spec.name() + "' (known: "
              + String.join(", ", registry.keySet()) + ")");
    }
    return builder;
  }
}

package dev.rda.augment;

import java.util.Map;
import java.util.Set;
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
    SAMPLE.put(
        "pad-crop",
        s -> {
          s.allowOnly("pad");
          return new PadCrop((int) s.get("pad", 4));
        });
    SAMPLE.put(
        "hflip",
        s -> {
          s.allowOnly("p");
          return new HorizontalFlip(s.get("p", 0.5));
        });
    SAMPLE.put(
        "random-resized-crop",
        s -> {
          s.allowOnly("scale_min", "ratio_min", "ratio_max");
          return new RandomResizedCrop(
              s.get("scale_min", 0.08), s.get("ratio_min", 3.0 / 4), s.get("ratio_max", 4.0 / 3));
        });
    SAMPLE.put(
        "center-crop",
        s -> {
          s.allowOnly("fraction");
          return new CenterCrop(s.get("fraction", 0.875));
        });
    for (var policy : Policy.PUBLISHED.values()) {
      SAMPLE.put(
          "autoaugment-" + policy.name(),
          s -> {
            s.allowOnly("fill");
            return new AutoAugment(policy, (float) s.get("fill", 128));
          });
    }
    SAMPLE.put(
        "randaugment",
        s -> {
          s.allowOnly("n", "m", "fill");
          return new RandAugment((int) s.get("n", 2), s.get("m", 9), (float) s.get("fill", 128));
        });
    SAMPLE.put(
        "cutout",
        s -> {
          s.allowOnly("size", "p", "fill");
          return new Cutout((int) s.get("size", 16), (float) s.get("fill", 128), s.get("p", 1));
        });
    BATCH.put(
        "cutmix",
        s -> {
          s.allowOnly("alpha", "p");
          return new CutMix(s.get("alpha", 1), s.get("p", 0.5));
        });
    BATCH.put(
        "manifold-mixup",
        s -> {
          s.allowOnly("gamma", "points");
          return new ManifoldMixup(s.get("gamma", 2.0), (int) s.get("points", 3));
        });
    BATCH.put(
        "mixup",
        s -> {
          s.allowOnly("gamma");
          return new Mixup(s.get("gamma", 1.0));
        });
  }

  /** The names a config may use, per-sample then per-batch. */
  public static Set<String> sampleNames() {
    return SAMPLE.keySet();
  }

  public static Set<String> batchNames() {
    return BATCH.keySet();
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
          "unknown "
              + kind
              + " augmentation '"
              + spec.name()
              + "' (known: "
              + String.join(", ", registry.keySet())
              + ")");
    }
    return builder;
  }
}

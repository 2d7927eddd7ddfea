package dev.rda.models;

import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.op.Ops;

/** The registry of network names a config may use, each mapped to its builder. */
public final class Models {
  private Models() {}

  /** What a builder needs to know besides the graph. */
  public record Spec(int width, int inChannels, int classes, long seed) {}

  @FunctionalInterface
  public interface Builder {
    Network build(Ops tf, Spec spec);
  }

  private static final Map<String, Builder> BUILDERS = new TreeMap<>();

  static {
    BUILDERS.put(
        "preact-resnet18",
        (tf, s) -> PreActResNet.resnet18(tf, s.seed(), s.width(), s.inChannels(), s.classes()));
  }

  public static Network build(String name, Ops tf, Spec spec) {
    Builder builder = BUILDERS.get(name);
    if (builder == null) {
      throw new IllegalArgumentException(
          "unknown model '" + name + "' (known: " + String.join(", ", BUILDERS.keySet()) + ")");
    }
    return builder.build(tf, spec);
  }

  public static boolean exists(String name) {
    return BUILDERS.containsKey(name);
  }

  public static java.util.Set<String> names() {
    return BUILDERS.keySet();
  }
}

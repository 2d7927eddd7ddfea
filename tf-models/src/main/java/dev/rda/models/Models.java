package dev.rda.models;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** The registry of network names a config may use, each mapped to its builder and defaults. */
public final class Models {
  private Models() {}

  /**
   * What a builder needs besides the graph. {@code width} is the family's width parameter (channels
   * of the first stage, WideResNet's k, Shake-Shake's d); {@code dropout} is used by the families
   * that have it (WideResNet).
   */
  public record Spec(int width, int inChannels, int classes, long seed, float dropout) {}

  @FunctionalInterface
  public interface Builder {
    Network build(Ops tf, Spec spec);
  }

  /** A registered network: its defaults are those of the paper's use of it. */
  public record Entry(
      String name,
      String description,
      int defaultWidth,
      int defaultSize,
      int defaultChannels,
      int defaultClasses,
      Builder builder) {}

  /** Size of a network at one input shape: trainable parameters and forward multiply-adds. */
  public record Stats(long parameters, long macsPerImage) {
    public double mflopsPerImage() {
      return 2.0 * macsPerImage / 1e6;
    }
  }

  private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

  private static void register(Entry e) {
    ENTRIES.put(e.name(), e);
  }

  static {
    register(
        new Entry(
            "preact-resnet18",
            "PreActResNet-18, CIFAR layout (width = first-stage channels)",
            64,
            32,
            3,
            10,
            (tf, s) ->
                PreActResNet.resnet18(tf, s.seed(), s.width(), s.inChannels(), s.classes())));
    register(
        new Entry(
            "wrn-28-10",
            "WideResNet-28-10 (width = widening factor k; dropout option)",
            10,
            32,
            3,
            10,
            (tf, s) ->
                PreActResNet.wide(
                    tf, s.seed(), 28, s.width(), s.dropout(), s.inChannels(), s.classes())));
    register(
        new Entry(
            "wrn-16-4",
            "WideResNet-16-4, a CPU-sized WideResNet (width = k; dropout option)",
            4,
            32,
            3,
            10,
            (tf, s) ->
                PreActResNet.wide(
                    tf, s.seed(), 16, s.width(), s.dropout(), s.inChannels(), s.classes())));
    register(
        new Entry(
            "shake-shake-26-2x96d",
            "Shake-Shake 26 2x96d, shake-shake-image (width = d)",
            96,
            32,
            3,
            10,
            (tf, s) -> new ShakeShake(tf, s.seed(), 26, s.width(), s.inChannels(), s.classes())));
    register(
        new Entry(
            "resnet50",
            "ResNet-50, ImageNet layout, stride on the 3x3 (width = first-stage bottleneck)",
            64,
            224,
            3,
            1000,
            (tf, s) -> ResNet.resnet50(tf, s.seed(), s.width(), s.inChannels(), s.classes())));
    register(
        new Entry(
            "resnet101",
            "ResNet-101, ImageNet layout, stride on the 3x3 (width = first-stage bottleneck)",
            64,
            224,
            3,
            1000,
            (tf, s) -> ResNet.resnet101(tf, s.seed(), s.width(), s.inChannels(), s.classes())));
  }

  public static Network build(String name, Ops tf, Spec spec) {
    return entry(name).builder().build(tf, spec);
  }

  public static Entry entry(String name) {
    Entry e = ENTRIES.get(name);
    if (e == null) {
      throw new IllegalArgumentException(
          "unknown model '" + name + "' (known: " + String.join(", ", names()) + ")");
    }
    return e;
  }

  public static boolean exists(String name) {
    return ENTRIES.containsKey(name);
  }

  public static Set<String> names() {
    return ENTRIES.keySet();
  }

  public static Collection<Entry> entries() {
    return ENTRIES.values();
  }

  /**
   * Parameters and forward multiply-adds per image of {@code name} at a {@code height} x {@code
   * width} input, counted on the built graph: every Conv2D (output elements x kernel height x
   * kernel width x input channels) and MatMul (in x out), as papers and the peer scripts count
   * FLOPs; BN, ReLU, adds and pooling are left out.
   */
  public static Stats stats(String name, Spec spec, int height, int width) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Network net = build(name, tf, spec);
      Placeholder<TFloat32> images =
          tf.placeholder(
              TFloat32.class, Placeholder.shape(Shape.of(1, height, width, spec.inChannels())));
      net.forward(tf.withSubScope("count"), images, Mode.EVAL, FeatureHook.NONE);
      long macs = 0;
      for (Iterator<GraphOperation> it = g.operations(); it.hasNext(); ) {
        GraphOperation op = it.next();
        if (op.type().equals("Conv2D")) {
          Shape out = op.output(0).shape();
          Shape kernel = op.input(1).shape();
          macs += out.size() * kernel.get(0) * kernel.get(1) * kernel.get(2);
        } else if (op.type().equals("MatMul")) {
          Shape kernel = op.input(1).shape();
          macs += kernel.get(0) * kernel.get(1);
        }
      }
      return new Stats(net.parameters().trainableCount(), macs);
    }
  }
}

package dev.rda.models;

import dev.rda.core.Checks;
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

  /**
   * A registered network: its defaults are those of the paper's use of it; {@code dropout} says
   * whether the family has dropout. Built by name with {@link #named}.
   */
  public record Entry(
      String name,
      String description,
      int defaultWidth,
      int defaultSize,
      int defaultChannels,
      int defaultClasses,
      boolean dropout,
      Builder builder) {

    /** A family taking 32x32x3 inputs and 10 classes by default, without dropout. */
    static Entry named(String name, String description, int defaultWidth, Builder builder) {
      return new Entry(name, description, defaultWidth, 32, 3, 10, false, builder);
    }

    /** Default input side, channels and classes. */
    Entry input(int side, int channels, int classes) {
      return new Entry(name, description, defaultWidth, side, channels, classes, dropout, builder);
    }

    Entry withDropout() {
      return new Entry(
          name,
          description,
          defaultWidth,
          defaultSize,
          defaultChannels,
          defaultClasses,
          true,
          builder);
    }

    /**
     * Refuses {@code width} and {@code dropout} (config fields {@code model.width}, {@code
     * model.dropout}) unless they can build this network: a positive width, dropout in [0, 1) and
     * only where the family has it.
     */
    public void check(int width, float dropout) {
      Checks.require(width >= 1, "model.width", width, "must be >= 1");
      Checks.require(dropout >= 0 && dropout < 1, "model.dropout", dropout, "must be in [0, 1)");
      Checks.require(
          dropout == 0 || this.dropout,
          "model.dropout",
          dropout,
          "is for families with dropout; " + name + " has none");
    }
  }

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
        Entry.named(
            "preact-resnet18",
            "PreActResNet-18, CIFAR layout (width = first-stage channels)",
            64,
            (tf, s) ->
                PreActResNet.resnet18(tf, s.seed(), s.width(), s.inChannels(), s.classes())));
    register(
        Entry.named(
                "wrn-28-10",
                "WideResNet-28-10 (width = widening factor k; dropout option)",
                10,
                (tf, s) ->
                    PreActResNet.wide(
                        tf, s.seed(), 28, s.width(), s.dropout(), s.inChannels(), s.classes()))
            .withDropout());
    register(
        Entry.named(
                "wrn-16-4",
                "WideResNet-16-4, a CPU-sized WideResNet (width = k; dropout option)",
                4,
                (tf, s) ->
                    PreActResNet.wide(
                        tf, s.seed(), 16, s.width(), s.dropout(), s.inChannels(), s.classes()))
            .withDropout());
    register(
        Entry.named(
            "shake-shake-26-2x96d",
            "Shake-Shake 26 2x96d, shake-shake-image (width = d)",
            96,
            (tf, s) -> new ShakeShake(tf, s.seed(), 26, s.width(), s.inChannels(), s.classes())));
    register(
        Entry.named(
                "resnet50",
                "ResNet-50, ImageNet layout, stride on the 3x3 (width = first-stage bottleneck)",
                64,
                (tf, s) -> ResNet.resnet50(tf, s.seed(), s.width(), s.inChannels(), s.classes()))
            .input(224, 3, 1000));
    register(
        Entry.named(
                "resnet101",
                "ResNet-101, ImageNet layout, stride on the 3x3 (width = first-stage bottleneck)",
                64,
                (tf, s) -> ResNet.resnet101(tf, s.seed(), s.width(), s.inChannels(), s.classes()))
            .input(224, 3, 1000));
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

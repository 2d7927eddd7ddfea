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
   * that have it (WideResNet); {@code options} are a family's own hyper-parameters (see {@link
   * Entry#option}), each given or its default.
   */
  public record Spec(
      int width,
      int inChannels,
      int classes,
      long seed,
      float dropout,
      Map<String, Double> options) {
    public Spec {
      options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** A spec with every option at its family's default. */
    public Spec(int width, int inChannels, int classes, long seed, float dropout) {
      this(width, inChannels, classes, seed, dropout, Map.of());
    }

    /** The value of option {@code name}, which the family must declare. */
    public double option(String name) {
      Double v = options.get(name);
      if (v == null) {
        throw new IllegalArgumentException("option '" + name + "' is not declared by the model");
      }
      return v;
    }

    Spec withDefaults(Map<String, Option> declared) {
      Map<String, Double> all = new LinkedHashMap<>();
      declared.forEach((k, o) -> all.put(k, o.defaultValue()));
      all.putAll(options);
      return new Spec(width, inChannels, classes, seed, dropout, all);
    }
  }

  /** A family's own hyper-parameter: its default, its range [min, max] and what it does. */
  public record Option(double defaultValue, double min, double max, String about) {}

  @FunctionalInterface
  public interface Builder {
    Network build(Ops tf, Spec spec);
  }

  /**
   * A registered network: its defaults are those of the paper's use of it; {@code dropout} says
   * whether the family has dropout; {@code options} are its own hyper-parameters (config field
   * {@code model.options}). Built by name with {@link #named}.
   */
  public record Entry(
      String name,
      String description,
      int defaultWidth,
      int defaultSize,
      int defaultChannels,
      int defaultClasses,
      boolean dropout,
      Map<String, Option> options,
      Builder builder) {

    /** A family taking 32x32x3 inputs and 10 classes by default, without dropout or options. */
    static Entry named(String name, String description, int defaultWidth, Builder builder) {
      return new Entry(name, description, defaultWidth, 32, 3, 10, false, Map.of(), builder);
    }

    /** Default input side, channels and classes. */
    Entry input(int side, int channels, int classes) {
      return new Entry(
          name, description, defaultWidth, side, channels, classes, dropout, options, builder);
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
          options,
          builder);
    }

    /**
     * Declares a hyper-parameter of this family: the builder reads it with {@link Spec#option}, a
     * config sets it as {@code model.options.NAME}, and {@link #check} keeps it in [min, max].
     */
    Entry option(String option, double defaultValue, double min, double max, String about) {
      Map<String, Option> all = new LinkedHashMap<>(options);
      all.put(option, new Option(defaultValue, min, max, about));
      return new Entry(
          name,
          description,
          defaultWidth,
          defaultSize,
          defaultChannels,
          defaultClasses,
          dropout,
          Map.copyOf(all),
          builder);
    }

    /**
     * Refuses {@code width}, {@code dropout} and {@code given} options (config fields {@code
     * model.width}, {@code model.dropout}, {@code model.options.NAME}) unless they can build this
     * network: a positive width, dropout in [0, 1) and only where the family has it, options the
     * family declares, each in its range.
     */
    public void check(int width, float dropout, Map<String, Double> given) {
      Checks.require(width >= 1, "model.width", width, "must be >= 1");
      Checks.require(dropout >= 0 && dropout < 1, "model.dropout", dropout, "must be in [0, 1)");
      Checks.require(
          dropout == 0 || this.dropout,
          "model.dropout",
          dropout,
          "is for families with dropout; " + name + " has none");
      for (Map.Entry<String, Double> o : given.entrySet()) {
        Option declared = options.get(o.getKey());
        Checks.require(
            declared != null,
            "model.options." + o.getKey(),
            o.getValue(),
            "is not an option of "
                + name
                + (options.isEmpty()
                    ? " (it has none)"
                    : " (its options: " + String.join(", ", options.keySet()) + ")"));
        Checks.require(
            o.getValue() != null
                && o.getValue() >= declared.min()
                && o.getValue() <= declared.max(),
            "model.options." + o.getKey(),
            o.getValue(),
            "must be in [" + declared.min() + ", " + declared.max() + "]");
      }
    }
  }

  /** Size of a network at one input shape: trainable parameters and forward multiply-adds. */
  public record Stats(long parameters, long macsPerImage) {
    public double mflopsPerImage() {
      return 2.0 * macsPerImage / 1e6;
    }
  }

  private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

  private static final String ZERO_INIT_LAST_BN = "zeroInitLastBn";
  private static final String ZERO_INIT_ABOUT =
      "1: each bottleneck's last BatchNorm starts at gamma 0, so every block starts as the"
          + " identity (Goyal et al. 2017; timm's zero_init_last); 0: gamma 1, the paper's";

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
    register(resNet("resnet50", "ResNet-50", ResNet::resnet50));
    register(resNet("resnet101", "ResNet-101", ResNet::resnet101));
  }

  /** ResNet's factories by depth, as {@link #resNet} registers them. */
  @FunctionalInterface
  private interface ResNetDepth {
    ResNet build(Ops tf, long seed, int width, int inChannels, int classes, boolean zeroInitLastBn);
  }

  private static Entry resNet(String name, String title, ResNetDepth depth) {
    return Entry.named(
            name,
            title + ", ImageNet layout, stride on the 3x3 (width = first-stage bottleneck)",
            64,
            (tf, s) ->
                depth.build(
                    tf,
                    s.seed(),
                    s.width(),
                    s.inChannels(),
                    s.classes(),
                    s.option(ZERO_INIT_LAST_BN) == 1))
        .input(224, 3, 1000)
        .option(ZERO_INIT_LAST_BN, 0, 0, 1, ZERO_INIT_ABOUT);
  }

  public static Network build(String name, Ops tf, Spec spec) {
    Entry e = entry(name);
    return e.builder().build(tf, spec.withDefaults(e.options()));
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

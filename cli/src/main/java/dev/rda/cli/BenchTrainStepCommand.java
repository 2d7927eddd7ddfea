package dev.rda.cli;

import static dev.rda.cli.Flags.require;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rda.bench.PeerScript;
import dev.rda.bench.StepTimer;
import dev.rda.core.BadInputException;
import dev.rda.core.Json;
import dev.rda.core.Precision;
import dev.rda.models.Models;
import dev.rda.training.Replication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.tensorflow.DeviceSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rda bench train-step}: images/s of one full training step (forward in training mode,
 * soft-label cross-entropy, backward, SGD momentum update with weight decay, BN statistics), the
 * workload of {@code ../shared/peers/bench_train_step.py}, fed either from a batch held in the
 * graph or from the real input pipeline.
 */
@Command(
    name = "train-step",
    mixinStandardHelpOptions = true,
    description = {
      "Images/s of one training step (forward, backward, update) on the CPU: median of the timed"
          + " steps after warm-up.",
      "  memory    one fixed random batch (N(0,1) pixels, mixed soft labels) held in the graph",
      "  pipeline  batches from the tf.data pipeline over random uint8 images with the standard"
          + " augmentation (pad-4 crop + flip; random-resized-crop + flip above 64 px)",
      "With --peer ../shared/peers/bench_train_step.py the peer (PyTorch) runs the same model and"
          + " batch, taking turns with rda round by round, and the ratios are printed."
    })
final class BenchTrainStepCommand implements Callable<Integer> {

  @Option(
      names = "--model",
      paramLabel = "M",
      defaultValue = "preact-resnet18",
      description = "A registered model, see `rda models` (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--width",
      paramLabel = "W",
      description = "The model's width parameter (default: the model's own).")
  Integer width;

  @Option(
      names = "--batch",
      converter = Flags.Positive.class,
      paramLabel = "B",
      defaultValue = "128",
      description = "Images per step (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--input",
      paramLabel = "HxWxC",
      description = "Input shape (default: the model's, e.g. 32x32x3).")
  String input;

  @Option(
      names = "--classes",
      converter = Flags.Positive.class,
      paramLabel = "N",
      description = "Classes (default: the model's, e.g. 10).")
  Integer classes;

  @Option(
      names = "--feed",
      split = ",",
      paramLabel = "F",
      defaultValue = "memory,pipeline",
      description = "memory and/or pipeline (default: ${DEFAULT-VALUE}).")
  List<String> feeds;

  @Option(
      names = "--steps",
      converter = Flags.Positive.class,
      paramLabel = "N",
      defaultValue = "20",
      description = "Timed steps; the median is reported (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--rounds",
      converter = Flags.Positive.class,
      paramLabel = "R",
      defaultValue = "3",
      description =
          "The feeds (and peer runs) take turns R times; medians over all timed steps (default:"
              + " ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--warmup",
      converter = Flags.Count.class,
      paramLabel = "N",
      defaultValue = "3",
      description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--threads",
      converter = Flags.Count.class,
      paramLabel = "N",
      defaultValue = "2",
      description =
          "TensorFlow threads (default: ${DEFAULT-VALUE}, the peer's torch threads); 0 = all"
              + " cores.")
  int threads;

  @Option(
      names = "--replicas",
      split = ",",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Replicas on CPU devices of this process, e.g. 1,2,4: each takes its slice of the batch"
              + " (default: ${DEFAULT-VALUE}).")
  List<Integer> replicas;

  @Option(
      names = "--sync-bn",
      description = "With replicas: synchronised BatchNorm (global batch statistics).")
  boolean syncBatchNorm;

  @Option(
      names = "--peer",
      paramLabel = "SCRIPT",
      description =
          "Also run the peer (../shared/peers/bench_train_step.py with /usr/bin/python3) on the"
              + " same model, input and batch, and print the ratios.")
  Path peer;

  @Option(
      names = "--peer-python",
      split = ",",
      paramLabel = "PYTHON",
      description =
          "With --peer: also run it with these Pythons (e.g. a venv with `pip install"
              + " torch==2.13.0+cpu numpy`), each with and without --channels-last.")
  List<Path> peerPythons = List.of();

  @Option(
      names = "--profile",
      converter = Flags.Count.class,
      paramLabel = "N",
      defaultValue = "0",
      description =
          "After timing, trace N steps of each feed with TensorFlow's tracer and print where"
              + " their time goes, kernel by kernel (default: ${DEFAULT-VALUE}, none).")
  int profile;

  @Mixin PrecisionOption precisionOption;

  @Option(
      names = "--peer-model",
      paramLabel = "NAME",
      description =
          "The peer's name for the model (default: preact18 / preact18n for preact-resnet18 at"
              + " width 64 / 16, wrn16_4 for wrn-16-4).")
  String peerModel;

  /** One measurement, printed as a JSON line. */
  record Figures(
      String model,
      String input,
      int batch,
      String feed,
      int replicas,
      long params,
      double fwdMflopsPerImage,
      double stepSecondsMedian,
      double imagesPerSecond,
      double achievedGflopsEstimate) {}

  /** The flags resolved against the model's defaults. */
  private record Setup(
      int width, int[] shape, int classes, String peerName, Models.Spec spec, String input) {}

  @Override
  public Integer call() {
    Setup setup = setup();
    Models.Stats stats = Models.stats(model, setup.spec(), setup.shape()[0], setup.shape()[1]);
    System.out.printf(
        Locale.ROOT,
        "train-step bench: %s width %d, input %s, %d classes, batch %d, %d threads, %s; %,d"
            + " parameters, %.1f forward MFLOPs/image; median of %d x %d steps after %d%n",
        model,
        setup.width(),
        setup.input(),
        setup.classes(),
        batch,
        threads,
        precisionOption.value.supportedHere().id(),
        stats.parameters(),
        stats.mflopsPerImage(),
        rounds,
        steps,
        warmup);
    if (precisionOption.value.supportedHere() != precisionOption.value) {
      System.out.println(
          "note: --precision bfloat16: " + Precision.unsupportedHere() + "; rda runs in float32");
    }
    Map<String, Double> ours = new LinkedHashMap<>();
    Measured measured = measure(setup);
    for (Map.Entry<String, List<Double>> e : measured.ours().entrySet()) {
      String key = e.getKey();
      double median = PeerScript.median(e.getValue());
      double rate = batch / median;
      ours.put(key, rate);
      Figures f =
          new Figures(
              model,
              setup.input(),
              batch,
              key.substring(0, key.indexOf(' ')),
              Integer.parseInt(key.substring(key.indexOf('x') + 1)),
              stats.parameters(),
              round(stats.mflopsPerImage()),
              round(median),
              round(rate),
              round(3 * stats.mflopsPerImage() * rate / 1e3));
      System.out.println(Json.line(f));
    }
    printRatios(ours, measured.peers());
    return 0;
  }

  private Setup setup() {
    require(Models.exists(model), "--model", model, "is not a known model (see `rda models`)");
    Models.Entry entry = Models.entry(model);
    int w = width != null ? width : entry.defaultWidth();
    int[] shape =
        input != null
            ? Flags.dimensions("--input", input, 3)
            : new int[] {entry.defaultSize(), entry.defaultSize(), entry.defaultChannels()};
    int k = classes != null ? classes : entry.defaultClasses();
    require(w >= 1, "--width", w, "must be >= 1");
    require(batch >= 1, "--batch", batch, "must be >= 1");
    require(k >= 2, "--classes", k, "must be >= 2");
    require(steps >= 1, "--steps", steps, "must be >= 1");
    require(warmup >= 0, "--warmup", warmup, "must be >= 0");
    require(rounds >= 1, "--rounds", rounds, "must be >= 1");
    require(threads >= 0, "--threads", threads, "must be >= 0");
    for (String f : feeds) {
      require(f.equals("memory") || f.equals("pipeline"), "--feed", f, "is not memory or pipeline");
    }
    String peerName = peerModel != null ? peerModel : peerName(model, w);
    if (peer != null) {
      require(Files.isRegularFile(peer), "--peer", peer, "is not a file");
      require(
          peerName != null,
          "--peer-model",
          null,
          "is needed: the peer has no default counterpart of " + model + " at width " + w);
      require(shape[0] == shape[1], "--input", input, "must be square to compare with the peer");
    }
    for (Path python : peerPythons) {
      require(peer != null, "--peer-python", python, "needs --peer SCRIPT");
      require(Files.isExecutable(python), "--peer-python", python, "is not an executable file");
    }
    return new Setup(
        w,
        shape,
        k,
        peerName,
        new Models.Spec(w, shape[2], k, 0, 0f),
        shape[0] + "x" + shape[1] + "x" + shape[2]);
  }

  /** One peer configuration: the script run with one Python, with or without channels_last. */
  /** A peer run: which Python, channels_last or not, under bfloat16 autocast or not. */
  private record PeerConfig(Path python, boolean channelsLast, boolean bfloat16) {}

  /** Step times (seconds) of every feed and replica count; each peer's images/s per round. */
  private record Measured(Map<String, List<Double>> ours, Map<String, List<Double>> peers) {}

  private List<PeerConfig> peerConfigs() {
    List<PeerConfig> configs = new ArrayList<>();
    if (peer != null) {
      // The peer computes in the precision rda does: bfloat16 runs it under autocast.
      boolean half = precisionOption.value == Precision.BFLOAT16;
      configs.add(new PeerConfig(PeerScript.DEBIAN_PYTHON, false, half));
      for (Path python : peerPythons) {
        configs.add(new PeerConfig(python, false, half));
        configs.add(new PeerConfig(python, true, half));
      }
    }
    return configs;
  }

  /**
   * Every feed and replica count, then each peer configuration, take turns: `rounds` blocks of
   * `steps` each, so that a noisy spell of a shared machine falls on all rather than on one.
   */
  private Measured measure(Setup setup) {
    Map<String, StepTimer> runners = new LinkedHashMap<>();
    Map<String, List<Double>> times = new LinkedHashMap<>();
    Map<String, List<Double>> peers = new LinkedHashMap<>();
    try (ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName(model)
            .setInitialMax((long) feeds.size() * replicas.size() * (warmup + rounds * steps))
            .setUnit(" steps", 1)
            .setStyle(ProgressBarStyle.ASCII)
            .setConsumer(new ConsoleProgressBarConsumer(System.err))
            .build()) {
      for (String feed : feeds) {
        for (int n : replicas) {
          String key = feed + " x" + n;
          StepTimer runner =
              new StepTimer(
                  model,
                  setup.spec(),
                  setup.shape(),
                  batch,
                  StepTimer.Feed.valueOf(feed.toUpperCase(Locale.ROOT)),
                  Replication.local(n, DeviceSpec.DeviceType.CPU, syncBatchNorm),
                  threads,
                  precisionOption.value);
          runners.put(key, runner);
          times.put(key, new ArrayList<>());
          runner.run(warmup, bar);
        }
      }
      List<PeerConfig> peerConfigs = peerConfigs();
      for (int r = 0; r < rounds; r++) {
        for (String key : runners.keySet()) {
          times.get(key).addAll(runners.get(key).run(steps, bar));
        }
        for (PeerConfig config : peerConfigs) {
          PeerResult result = runPeer(config, setup);
          peers
              .computeIfAbsent(result.label(), k -> new ArrayList<>())
              .add(result.imagesPerSecond());
        }
      }
      if (profile > 0) {
        for (var e : runners.entrySet()) {
          System.out.println("profile of " + e.getKey() + ", " + profile + " traced steps:");
          System.out.print(e.getValue().profile(profile).table(20));
        }
      }
    } finally {
      runners.values().forEach(StepTimer::close);
    }
    return new Measured(times, peers);
  }

  /** Images/s ratios: pipeline against memory, replicas against one, and against each peer. */
  private void printRatios(Map<String, Double> ours, Map<String, List<Double>> peers) {
    if (ours.containsKey("memory x1") && ours.containsKey("pipeline x1")) {
      System.out.printf(
          Locale.ROOT,
          "pipeline-fed / in-memory: %.3f%n",
          ours.get("pipeline x1") / ours.get("memory x1"));
    }
    for (String key : ours.keySet()) {
      String single = key.substring(0, key.indexOf('x')) + "x1";
      if (!key.equals(single) && ours.containsKey(single)) {
        System.out.printf(
            Locale.ROOT, "%s / %s: %.3f%n", key, single, ours.get(key) / ours.get(single));
      }
    }
    double best = 0;
    for (var p : peers.entrySet()) {
      double theirs = PeerScript.median(p.getValue());
      best = Math.max(best, theirs);
      for (var e : ours.entrySet()) {
        System.out.printf(
            Locale.ROOT,
            "%s %-11s %9.1f img/s   peer %-30s %9.1f img/s (median of %d)   ratio %.2fx%n",
            model,
            e.getKey(),
            e.getValue(),
            p.getKey(),
            theirs,
            p.getValue().size(),
            e.getValue() / theirs);
      }
    }
    if (peers.size() > 1) {
      for (var e : ours.entrySet()) {
        System.out.printf(
            Locale.ROOT, "%s %s / best peer: %.2fx%n", model, e.getKey(), e.getValue() / best);
      }
    }
  }

  private static String peerName(String model, int width) {
    return switch (model + "/" + width) {
      case "preact-resnet18/64" -> "preact18";
      case "preact-resnet18/16" -> "preact18n";
      case "wrn-16-4/4" -> "wrn16_4";
      default -> null;
    };
  }

  /** A peer run's images/s and its label, e.g. "torch 2.13.0+cpu channels_last". */
  private record PeerResult(String label, double imagesPerSecond) {}

  /** One run of the peer on the same model, input size and batch. */
  private PeerResult runPeer(PeerConfig config, Setup setup) {
    int[] shape = setup.shape();
    List<String> args =
        new ArrayList<>(
            List.of(
                "--configs",
                setup.peerName() + ":" + shape[0] + ":" + shape[2],
                "--batch",
                Integer.toString(batch),
                "--steps",
                Integer.toString(steps),
                "--warmup",
                Integer.toString(warmup),
                "--threads",
                Integer.toString(
                    threads == 0 ? Runtime.getRuntime().availableProcessors() : threads),
                "--num-classes",
                Integer.toString(setup.classes())));
    if (config.channelsLast()) {
      args.add("--channels-last");
    }
    List<JsonNode> lines =
        config.bfloat16()
            ? PeerScript.linesInBfloat16(config.python(), peer, args)
            : PeerScript.lines(config.python(), peer, args);
    // One line per run carries img_per_s; the summary line names the torch version.
    String torch =
        lines.stream()
            .filter(j -> j.has("torch"))
            .map(j -> j.get("torch").asText())
            .findFirst()
            .orElse(config.python().toString());
    double rate =
        lines.stream()
            .filter(j -> j.has("img_per_s"))
            .mapToDouble(j -> j.get("img_per_s").asDouble())
            .findFirst()
            .orElseThrow(() -> new BadInputException("--peer " + peer + ": printed no img_per_s"));
    return new PeerResult(
        "torch "
            + torch
            + (config.bfloat16() ? " bf16 autocast" : "")
            + (config.channelsLast() ? " channels_last" : ""),
        rate);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}

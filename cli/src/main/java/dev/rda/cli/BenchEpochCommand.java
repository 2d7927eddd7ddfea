package dev.rda.cli;

import static dev.rda.cli.Flags.require;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rda.bench.EpochTimer;
import dev.rda.bench.PeerScript;
import dev.rda.core.BadInputException;
import dev.rda.core.Json;
import dev.rda.core.Precision;
import dev.rda.training.TrainConfig;
import dev.rda.training.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rda bench epoch}: whole epochs of a preset as {@code rda train} runs them, and the peer
 * script's epochs of the same recipe ({@code ../shared/peers/replicate_fmnist.py}), taking turns
 * round by round; per-epoch seconds, training images/s (min, median, max: the spread), the
 * evaluation's share, and the ratios.
 */
@Command(
    name = "epoch",
    mixinStandardHelpOptions = true,
    description = {
      "Seconds of whole epochs of a preset (training, evaluation, records, checkpoints), as `rda"
          + " train` runs them, in a temporary run directory.",
      "With --peer ../shared/peers/replicate_fmnist.py the peer (PyTorch) trains the same recipe"
          + " for as many epochs right after, round by round, and the ratios are printed."
    })
final class BenchEpochCommand implements Callable<Integer> {

  @Option(
      names = "--preset",
      paramLabel = "NAME",
      defaultValue = "fmnist-standard",
      description = "The preset to run (default: ${DEFAULT-VALUE}); `rda presets` lists them.")
  String preset;

  @Option(
      names = "--epochs",
      converter = Flags.Positive.class,
      paramLabel = "N",
      defaultValue = "4",
      description =
          "Epochs per round, refinement included; the LR drops at 50%% and 75%% of the intensive"
              + " epochs, as the peer's (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--refine-epochs",
      converter = Flags.Count.class,
      paramLabel = "N",
      description =
          "Refinement epochs of the N (default: a quarter of them if the preset refines, else"
              + " 0).")
  Integer refineEpochs;

  @Option(
      names = "--rounds",
      converter = Flags.Positive.class,
      paramLabel = "R",
      defaultValue = "3",
      description = "rda and the peer take turns R times (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--threads",
      converter = Flags.Count.class,
      paramLabel = "N",
      defaultValue = "2",
      description = "TensorFlow threads, and the peer's torch threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--peer",
      paramLabel = "SCRIPT",
      description = "Also run the peer script (../shared/peers/replicate_fmnist.py).")
  Path peer;

  @Mixin PrecisionOption precisionOption;

  @Option(
      names = "--peer-python",
      paramLabel = "PYTHON",
      description = "The Python that runs the peer (default: /usr/bin/python3, torch 1.13).")
  Path peerPython = PeerScript.DEBIAN_PYTHON;

  @Override
  public Integer call() {
    TrainConfig config = config();
    String mode = peer == null ? null : peerMode(config);
    if (peer != null) {
      require(Files.isRegularFile(peer), "--peer", peer, "is not a file");
      require(Files.isExecutable(peerPython), "--peer-python", peerPython, "is not executable");
    }
    TrainingData data = TrainingData.load(config.data());
    System.out.printf(
        Locale.ROOT,
        "epoch bench: %s, %d epochs (%d refinement) x %d rounds, %,d training images, %,d clean"
            + " and %,d test images evaluated per epoch, %d threads, %s%n",
        config.name(),
        config.epochs(),
        config.refineEpochs(),
        rounds,
        data.train().size(),
        data.clean().size(),
        data.test().size(),
        threads,
        config.model().computePrecision().supportedHere().id());
    List<EpochTimer.Epoch> ours = new ArrayList<>();
    List<EpochTimer.Epoch> theirs = new ArrayList<>();
    for (int r = 1; r <= rounds; r++) {
      List<EpochTimer.Epoch> run = EpochTimer.run(config, data, threads);
      print("rda ", r, run);
      ours.addAll(run);
      if (peer != null) {
        List<EpochTimer.Epoch> peerRun = runPeer(config, mode);
        print("peer", r, peerRun);
        theirs.addAll(peerRun);
      }
    }
    summarise(ours, theirs, data);
    return 0;
  }

  /** The preset for this bench: its epochs and refinement, milestones at 50% and 75%. */
  private TrainConfig config() {
    TrainConfig preset = ConfigLoader.resolve(this.preset, null, Map.of());
    int refine =
        refineEpochs != null
            ? refineEpochs
            : preset.refineEpochs() > 0 ? Math.max(1, epochs / 4) : 0;
    require(refine < epochs, "--refine-epochs", refine, "must be below --epochs " + epochs);
    int intensive = epochs - refine;
    List<Integer> milestones =
        intensive >= 4 ? List.of(intensive / 2, intensive * 3 / 4) : List.of();
    return ConfigLoader.resolve(
        this.preset,
        null,
        Map.of(
            "epochs", Integer.toString(epochs),
            "refineEpochs", Integer.toString(refine),
            "optimizer.milestones", milestones.toString(),
            "model.precision", Json.line(precisionOption.value.id())));
  }

  /** The peer's --mode for the preset's recipe: it knows crop + flip, with Mixup, refined. */
  private static String peerMode(TrainConfig config) {
    TrainConfig.AugmentConfig a = config.augment();
    boolean standard = a.intensive().isEmpty();
    String batch = a.batch();
    if (standard && batch == null && config.refineEpochs() == 0) {
      return "std";
    }
    if (standard && batch != null && batch.startsWith("mixup(")) {
      return config.refineEpochs() > 0 ? "refine" : "mixup";
    }
    throw new BadInputException(
        "--preset "
            + config.name()
            + ": has no counterpart in the peer (it trains crop + flip, with Mixup, refined): use"
            + " fmnist-standard, fmnist-mixup or fmnist-mixup-refine with --peer");
  }

  /** The peer's epochs: its per-epoch JSON lines (training and evaluation seconds). */
  private List<EpochTimer.Epoch> runPeer(TrainConfig config, String mode) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--mode", mode,
                "--epochs", Integer.toString(config.epochs()),
                "--refine-epochs", Integer.toString(config.refineEpochs()),
                "--subset", Integer.toString(config.data().trainSubset()),
                "--train-eval-n", Integer.toString(config.data().cleanEvalImages()),
                "--threads", Integer.toString(threads),
                "--data-dir", config.data().path()));
    List<EpochTimer.Epoch> epochs = new ArrayList<>();
    int images = config.data().trainSubset() / config.batchSize() * config.batchSize();
    List<JsonNode> lines =
        precisionOption.value == Precision.BFLOAT16
            ? PeerScript.linesInBfloat16(peerPython, peer, args)
            : PeerScript.lines(peerPython, peer, args);
    for (JsonNode line : lines) {
      if (line.has("epoch_train_s")) {
        double train = line.get("epoch_train_s").asDouble();
        double wall = train + line.get("eval_s").asDouble();
        epochs.add(new EpochTimer.Epoch(line.get("phase").asText(), wall, train, images));
      }
    }
    return epochs;
  }

  private static void print(String who, int round, List<EpochTimer.Epoch> epochs) {
    StringBuilder s = new StringBuilder();
    for (EpochTimer.Epoch e : epochs) {
      s.append(String.format(Locale.ROOT, " %.2f", e.wallSeconds()));
    }
    System.out.printf(Locale.ROOT, "%s round %d: epoch seconds%s%n", who, round, s);
  }

  /** Medians and spreads of both sides, and their ratios. */
  private void summarise(
      List<EpochTimer.Epoch> ours, List<EpochTimer.Epoch> theirs, TrainingData data) {
    System.out.printf(
        Locale.ROOT,
        "%-44s %12s %12s %9s%n",
        "median over all epochs",
        "rda",
        "peer",
        "rda faster");
    row("epoch seconds", ours, theirs, EpochTimer.Epoch::wallSeconds, Faster.TIME);
    row("training seconds", ours, theirs, EpochTimer.Epoch::trainSeconds, Faster.TIME);
    row(
        "evaluation + records seconds",
        ours,
        theirs,
        EpochTimer.Epoch::evaluationSeconds,
        Faster.TIME);
    row(
        "evaluation share of an epoch",
        ours,
        theirs,
        e -> e.evaluationSeconds() / e.wallSeconds(),
        Faster.NONE);
    row("training images/s", ours, theirs, EpochTimer.Epoch::trainImagesPerSecond, Faster.RATE);
    spread("rda ", ours);
    spread("peer", theirs);
    if (!theirs.isEmpty()) {
      System.out.printf(
          Locale.ROOT,
          "rda evaluates %,d clean + %,d test images an epoch; the peer %,d test images (its"
              + " clean sample once, after training)%n",
          data.clean().size(),
          data.test().size(),
          data.test().size());
    }
    phases("rda ", ours);
    phases("peer", theirs);
  }

  /** How "rda faster" reads a figure: a time (peer / rda), a rate (rda / peer), or no ratio. */
  private enum Faster {
    TIME,
    RATE,
    NONE
  }

  /** One figure of both sides and how many times faster rda is. */
  private static void row(
      String what,
      List<EpochTimer.Epoch> ours,
      List<EpochTimer.Epoch> theirs,
      ToDoubleFunction<EpochTimer.Epoch> f,
      Faster faster) {
    double a = median(ours, f);
    double b = theirs.isEmpty() ? Double.NaN : median(theirs, f);
    String ratio =
        theirs.isEmpty() || faster == Faster.NONE
            ? ""
            : String.format(Locale.ROOT, "%8.2fx", faster == Faster.TIME ? b / a : a / b);
    String peer = theirs.isEmpty() ? "-" : String.format(Locale.ROOT, "%.3f", b);
    System.out.printf(Locale.ROOT, "%-44s %12.3f %12s %s%n", what, a, peer, ratio);
  }

  /** Training images/s per epoch: min, median, max. */
  private static void spread(String who, List<EpochTimer.Epoch> epochs) {
    if (epochs.isEmpty()) {
      return;
    }
    double[] v =
        epochs.stream().mapToDouble(EpochTimer.Epoch::trainImagesPerSecond).sorted().toArray();
    System.out.printf(
        Locale.ROOT,
        "%s training images/s per epoch: min %.0f, median %.0f, max %.0f (%d epochs)%n",
        who,
        v[0],
        median(epochs, EpochTimer.Epoch::trainImagesPerSecond),
        v[v.length - 1],
        v.length);
  }

  /** Median epoch seconds by phase, when there is more than one (is refinement dearer?). */
  private static void phases(String who, List<EpochTimer.Epoch> epochs) {
    List<String> names = epochs.stream().map(EpochTimer.Epoch::phase).distinct().toList();
    if (names.size() < 2) {
      return;
    }
    StringBuilder s = new StringBuilder();
    for (String name : names) {
      List<EpochTimer.Epoch> of = epochs.stream().filter(e -> e.phase().equals(name)).toList();
      s.append(
          String.format(
              Locale.ROOT, "  %s %.2f s", name, median(of, EpochTimer.Epoch::wallSeconds)));
    }
    System.out.printf(Locale.ROOT, "%s median epoch seconds by phase:%s%n", who, s);
  }

  private static double median(
      List<EpochTimer.Epoch> epochs, ToDoubleFunction<EpochTimer.Epoch> f) {
    return PeerScript.median(epochs.stream().map(e -> f.applyAsDouble(e)).toList());
  }
}

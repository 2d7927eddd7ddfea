package dev.rda.cli;

import dev.rda.analysis.RunCurves;
import dev.rda.core.BadInputException;
import dev.rda.core.Json;
import dev.rda.data.Datasets;
import dev.rda.savedmodels.BackboneInit;
import dev.rda.training.Cluster;
import dev.rda.training.ConsoleReporter;
import dev.rda.training.Fork;
import dev.rda.training.Replication;
import dev.rda.training.RunDirectory;
import dev.rda.training.TrainConfig;
import dev.rda.training.Training;
import dev.rda.training.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.tensorflow.DeviceSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rda train}: a new run from a preset / file / flags, or {@code --resume} of one. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a classifier: intensive augmentation, then refinement with standard augmentation.",
      "The config is a preset, overridden by --config FILE, overridden by flags.",
      "Writes config.json, metrics.jsonl, summary.json and checkpoints/ to the run directory."
    })
final class TrainCommand implements Callable<Integer> {

  @Option(
      names = "--preset",
      paramLabel = "NAME",
      defaultValue = "fmnist-mixup-refine",
      description = "Preset to start from (default: ${DEFAULT-VALUE}); `rda presets` lists them.")
  String preset;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "JSON or YAML file overriding the preset.")
  Path configFile;

  @Option(
      names = "--dataset",
      paramLabel = "SPEC",
      description =
          "Dataset as KIND or KIND:PATH (data.dataset and data.path), e.g."
              + " tiny-imagenet:/data/tiny-imagenet-200; see rda data show.")
  String dataset;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Dataset directory (default: the preset's; Fashion-MNIST:"
              + " /usr/share/datasets/fashion-mnist).")
  Path data;

  @Option(
      names = "--run-dir",
      paramLabel = "DIR",
      description = "Run directory (default: runs/NAME-TIMESTAMP).")
  Path runDir;

  @Option(
      names = "--resume",
      paramLabel = "RUN_DIR",
      description =
          "Continue a stopped run from its last checkpoint; its config.json is used as is.")
  Path resume;

  @Option(
      names = "--fork",
      paramLabel = "RUN_DIR",
      description =
          "Start this config's run from RUN_DIR's latest checkpoint (the two must agree on"
              + " every epoch up to it), e.g. the unrefined twin of a refined run.")
  Path fork;

  @Option(
      names = "--init-from",
      paramLabel = "SAVED_MODEL",
      description =
          "Start the new run's network from an rda export's weights (by variable name and shape),"
              + " e.g. to fine-tune a backbone.")
  Path initFrom;

  @Option(
      names = "--init-skip",
      paramLabel = "REGEX",
      description =
          "With --init-from: variables whose name matches keep their fresh initialisation,"
              + " e.g. /classifier/ for a head with other classes.")
  Pattern initSkip;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Run seed (init, shuffling, augmentation).")
  Long seed;

  @Option(
      names = "--epochs",
      converter = Flags.Positive.class,
      paramLabel = "N",
      description = "Total epochs, refinement included.")
  Integer epochs;

  @Option(
      names = "--refine-epochs",
      converter = Flags.Count.class,
      paramLabel = "N",
      description = "Epochs of the refinement phase (0 = none).")
  Integer refineEpochs;

  /** The one value of {@code --refine}. */
  enum RefineMode {
    auto
  }

  @Option(
      names = "--refine",
      paramLabel = "auto",
      description =
          "auto: leave the intensive phase when the loss on held-out training images has not"
              + " improved for "
              + TrainConfig.AutoRefine.DEFAULT_PATIENCE
              + " epochs at the final LR, then refine for --refine-epochs (at most"
              + " --epochs in all); the config's autoRefine with its defaults, holding out"
              + " data.heldOut = "
              + DEFAULT_HELD_OUT
              + " of the training images unless the config holds some out. The test set is never"
              + " used for it.")
  RefineMode refine;

  /** The fraction --refine auto holds out when the config holds none out. */
  static final double DEFAULT_HELD_OUT = 0.1;

  @Option(
      names = "--batch-size",
      converter = Flags.Positive.class,
      paramLabel = "N",
      description = "Images per step.")
  Integer batchSize;

  @Option(names = "--lr", paramLabel = "LR", description = "Initial learning rate.")
  Double lr;

  @Option(
      names = "--width",
      converter = Flags.Positive.class,
      paramLabel = "N",
      description = "Channels of the first stage (64 in the paper).")
  Integer width;

  @Option(
      names = "--train-subset",
      converter = Flags.Count.class,
      paramLabel = "N",
      description = "Train on a fixed random N images (0 = all).")
  Integer trainSubset;

  @Option(names = "--name", paramLabel = "NAME", description = "Run name (default: the preset's).")
  String name;

  @Option(
      names = "--set",
      paramLabel = "FIELD=VALUE",
      description = "Override any config field, e.g. --set optimizer.milestones=[30,45].")
  Map<String, String> set = new LinkedHashMap<>();

  @Mixin ThreadsOption threadsOption;

  @Option(
      names = "--replicas",
      converter = Flags.Positive.class,
      paramLabel = "N",
      defaultValue = "1",
      description = {
        "Data-parallel replicas, one per device, each on its slice of every batch; the mean of",
        "their losses is differentiated once and applied once (default: ${DEFAULT-VALUE})."
      })
  int replicas;

  @Option(
      names = "--devices",
      paramLabel = "cpu|gpu",
      defaultValue = "cpu",
      description =
          "Where replicas go: GPUs 0..N-1 (build with -P gpu), or N CPU devices of this process"
              + " (default: ${DEFAULT-VALUE}).")
  String devices;

  @Option(
      names = "--sync-bn",
      description =
          "With replicas: BatchNorm normalises with the global batch's statistics (default: each"
              + " replica its own slice's, as in the paper's multi-GPU runs).")
  boolean syncBatchNorm;

  @Option(
      names = "--cluster",
      paramLabel = "FILE",
      description =
          "Train on a TensorFlow cluster, one replica per task. FILE maps job worker to task"
              + " addresses, e.g. {\"worker\": [\"host0:2222\", \"host1:2222\"]}. Start every"
              + " task with the same FILE and its --task; task 0, the chief, trains and writes"
              + " the run.")
  Path clusterFile;

  @Option(
      names = "--task",
      paramLabel = "worker:I",
      description = "With --cluster: which task this process is (worker:0 is the chief).")
  String task;

  @Mixin ProgressOption progressOption;

  @Override
  public Integer call() {
    if (!devices.equals("cpu") && !devices.equals("gpu")) {
      throw new BadInputException("--devices", devices, "must be cpu or gpu");
    }
    if (clusterFile != null) {
      if (task == null) {
        throw new BadInputException("--cluster needs --task worker:I");
      }
      Cluster cluster = Cluster.read(clusterFile);
      int index = cluster.task(task);
      if (index > 0) {
        return ClusterTask.serve(cluster, index);
      }
      ClusterTask.start(cluster, 0);
      return train(Replication.of(cluster, syncBatchNorm));
    } else if (task != null) {
      throw new BadInputException("--task needs --cluster FILE");
    }
    return train(
        Replication.local(
            replicas,
            devices.equals("gpu") ? DeviceSpec.DeviceType.GPU : DeviceSpec.DeviceType.CPU,
            syncBatchNorm));
  }

  /**
   * Resolves the run (new, forked or resumed) and trains it to its end with {@code replication}.
   */
  private int train(Replication replication) {
    RunDirectory dir;
    TrainConfig config;
    if ((initFrom != null || initSkip != null) && (resume != null || fork != null)) {
      throw new BadInputException("--init-from starts a new run: drop --resume and --fork");
    }
    if (initSkip != null && initFrom == null) {
      throw new BadInputException("--init-skip needs --init-from");
    }
    if (resume != null) {
      if (configFile != null
          || runDir != null
          || fork != null
          || refine != null
          || !overrides(null, false).isEmpty()) {
        throw new BadInputException(
            "--resume continues a run with its own config.json: "
                + "drop --config, --run-dir and the config flags, or start a new run");
      }
      dir = RunDirectory.open(resume);
      config = dir.config();
      config.validate();
    } else {
      TrainConfig given = ConfigLoader.resolveUnchecked(preset, configFile, overrides(null, false));
      config =
          ConfigLoader.resolve(
              preset,
              configFile,
              refine == RefineMode.auto
                  ? overrides(
                      given.data().heldOut() == null ? DEFAULT_HELD_OUT : null,
                      given.autoRefine() == null)
                  : overrides(null, false));
      dir = null;
    }
    replication.checkBatch(config.batchSize());
    if (dir != null
        && dir.completedEpochs() >= dir.plan().epochs()
        && Files.exists(dir.summaryFile())) {
      System.out.println("run already complete: " + dir.summaryFile());
      return 0;
    }
    TrainingData trainingData = TrainingData.load(config.data());
    if (dir == null) {
      Path root = runDir != null ? runDir : defaultRunDir(config);
      dir =
          fork != null
              ? Fork.create(root, config, RunDirectory.open(fork))
              : RunDirectory.create(root, config);
    }
    System.out.println("run directory: " + dir.root());

    if (replication.isReplicated()) {
      System.out.println("devices: " + replication.describe());
    }
    boolean[] started = {initFrom == null};
    Training.FreshStart start = freshStart(() -> started[0] = true);
    boolean bar = progressOption.shown();
    try {
      Training.train(
          dir,
          trainingData,
          threadsOption.count,
          replication,
          List.of(new ConsoleReporter(System.out, bar), new RunCurves(dir.root())),
          config.epochs(),
          start);
    } catch (RuntimeException e) {
      if (!started[0]) {
        RunDirectory.deleteTree(dir.root()); // created above for --init: leave nothing half-made
      }
      throw e;
    }
    System.out.println("run directory: " + dir.root());
    System.out.println("summary: " + dir.summaryFile());
    return 0;
  }

  /** --init-from's start of a new run (or none), telling {@code copied} once it has copied. */
  private Training.FreshStart freshStart(Runnable copied) {
    if (initFrom == null) {
      return Training.FreshStart.NONE;
    }
    return BackboneInit.start(
        initFrom,
        initSkip,
        r -> {
          copied.run();
          System.out.printf(
              "initialised %d network variables from %s (%d left as initialised, %d there"
                  + " unused)%n",
              r.copied(), initFrom, r.skipped(), r.unused());
        });
  }

  /**
   * The flags as overrides; {@code heldOut} (null: none) and {@code autoRefine} (its defaults) are
   * --refine auto's, put before --set so that --set wins.
   */
  private Map<String, String> overrides(Double heldOut, boolean autoRefine) {
    Overrides o = new Overrides();
    if (dataset != null) {
      Datasets.DataSpec spec = Datasets.DataSpec.parse(dataset);
      o.put("data.dataset", spec.kind()).put("data.path", spec.dir());
    }
    return o.put("data.path", data)
        .put("seed", seed)
        .put("epochs", epochs)
        .put("refineEpochs", refineEpochs)
        .put("batchSize", batchSize)
        .put("optimizer.lr", lr)
        .put("model.width", width)
        .put("data.trainSubset", trainSubset)
        .put("name", name)
        .put("data.heldOut", heldOut)
        .put("autoRefine", autoRefine ? Json.MAPPER.createObjectNode() : null)
        .with(set);
  }

  private static Path defaultRunDir(TrainConfig config) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    return Path.of("runs", config.name() + "-" + stamp);
  }
}

package dev.rda.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rda.augment.Augmentations;
import dev.rda.core.BadInputException;
import dev.rda.core.Checks;
import dev.rda.core.Precision;
import dev.rda.core.Schedule;
import dev.rda.data.Datasets;
import dev.rda.data.ImageSpec;
import dev.rda.models.Models;
import dev.rda.models.Network;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.tensorflow.op.Ops;

/**
 * Everything a training run is made of. Read from presets and files with Jackson (unknown fields
 * are errors), then overridden by flags; {@link #validate()} checks every value before anything is
 * written.
 *
 * <p>A run has {@code epochs} in total; the last {@code refineEpochs} of them are the refinement
 * phase (standard augmentation only, batch mixing off, LR fixed at the last LR of the first phase
 * unless {@code optimizer.refineLr} is given).
 */
public record TrainConfig(
    String name,
    ModelConfig model,
    DataConfig data,
    int epochs,
    int refineEpochs,
    int batchSize,
    AugmentConfig augment,
    OptimizerConfig optimizer,
    long seed,
    @JsonInclude(JsonInclude.Include.NON_NULL) LossConfig loss,
    @JsonInclude(JsonInclude.Include.NON_NULL) EmaConfig ema,
    @JsonInclude(JsonInclude.Include.NON_NULL) AutoRefine autoRefine) {

  /** A config with the plain cross-entropy loss. */
  public TrainConfig(
      String name,
      ModelConfig model,
      DataConfig data,
      int epochs,
      int refineEpochs,
      int batchSize,
      AugmentConfig augment,
      OptimizerConfig optimizer,
      long seed) {
    this(
        name,
        model,
        data,
        epochs,
        refineEpochs,
        batchSize,
        augment,
        optimizer,
        seed,
        null,
        null,
        null);
  }

  /** This config with {@code ema} (null: none). */
  public TrainConfig withEma(EmaConfig ema) {
    return with(name, model, data, epochs, augment, optimizer, seed, loss, ema, autoRefine);
  }

  /** This config with {@code loss} (null: the plain cross-entropy). */
  public TrainConfig withLoss(LossConfig loss) {
    return with(name, model, data, epochs, augment, optimizer, seed, loss, ema, autoRefine);
  }

  /** This config with {@code data}. */
  public TrainConfig withData(DataConfig data) {
    return with(name, model, data, epochs, augment, optimizer, seed, loss, ema, autoRefine);
  }

  /** This config with {@code model}. */
  public TrainConfig withModel(ModelConfig model) {
    return with(name, model, data, epochs, augment, optimizer, seed, loss, ema, autoRefine);
  }

  /** This config with {@code augment}. */
  public TrainConfig withAugment(AugmentConfig augment) {
    return with(name, model, data, epochs, augment, optimizer, seed, loss, ema, autoRefine);
  }

  /** This config with {@code autoRefine} (null: a fixed switch). */
  public TrainConfig withAutoRefine(AutoRefine autoRefine) {
    return with(name, model, data, epochs, augment, optimizer, seed, loss, ema, autoRefine);
  }

  /** This recipe as another run: its name and run seed. */
  public TrainConfig withNameAndSeed(String name, long seed) {
    return with(name, model, data, epochs, augment, optimizer, seed, loss, ema, autoRefine);
  }

  /** This config with the fields a derived config changes; the rest are this one's. */
  private TrainConfig with(
      String name,
      ModelConfig model,
      DataConfig data,
      int epochs,
      AugmentConfig augment,
      OptimizerConfig optimizer,
      long seed,
      LossConfig loss,
      EmaConfig ema,
      AutoRefine autoRefine) {
    return new TrainConfig(
        name,
        model,
        data,
        epochs,
        refineEpochs,
        batchSize,
        augment,
        optimizer,
        seed,
        loss,
        ema,
        autoRefine);
  }

  /**
   * The run as it goes once {@code autoRefine}'s rule has switched after epoch {@code switchAt}
   * (1-based): refinement's {@code refineEpochs} follow it and the run ends there. Every epoch up
   * to the switch trains as in this config: a decaying LR or strength schedule keeps its end where
   * this config puts it, so a cosine cut short leaves refinement at the LR it had reached (or at
   * {@code refineLr}).
   */
  public TrainConfig switchedAfter(int switchAt) {
    int end = intensiveEpochs();
    OptimizerConfig o = optimizer;
    AugmentConfig a = augment;
    return with(
        name,
        model,
        data,
        switchAt + refineEpochs,
        new AugmentConfig(
            a.standard(), a.intensive(), a.batch(), a.schedule().endingAt(end), a.evaluation()),
        new OptimizerConfig(
            o.lr(),
            o.momentum(),
            o.weightDecay(),
            o.milestones(),
            o.decay(),
            o.refineLr(),
            o.schedule() == null ? null : o.schedule().endingAt(end)),
        seed,
        loss,
        ema,
        null);
  }

  /**
   * {@code refine: auto}: the intensive phase ends when the held-out loss ({@code data.heldOut})
   * has not improved by more than {@code minDelta} (default 0) for {@code patience} epochs (default
   * 3), counted from epoch {@code fromEpoch} (1-based; default: after a step schedule's last
   * milestone, under a decaying LR from three quarters of the intensive phase on), then {@code
   * refineEpochs} of refinement run. {@code epochs} is the longest the run may take: without a
   * switch, refinement starts where the config's fixed switch is.
   */
  public record AutoRefine(Integer patience, Double minDelta, Integer fromEpoch) {
    public static final int DEFAULT_PATIENCE = 3;

    public AutoRefine {
      patience = patience == null ? DEFAULT_PATIENCE : patience;
      minDelta = minDelta == null ? 0.0 : minDelta;
    }
  }

  /**
   * The first epoch (1-based) at which {@code refine: auto} may count: after a step schedule's last
   * milestone, where the LR is final; under a decaying LR, from three quarters of the intensive
   * phase on, where the paper's and this project's step schedules reach their final LR.
   */
  private int firstAutoEpoch() {
    if (autoRefine.fromEpoch() != null) {
      return autoRefine.fromEpoch();
    }
    Schedule lr = optimizer.learningRate();
    return lr.kind().equals("step")
        ? lr.lastChange(intensiveEpochs()) + 1
        : intensiveEpochs() * 3 / 4 + 1;
  }

  /**
   * Epochs that are intensive whatever {@code refine: auto} decides: up to the first epoch after
   * which its rule could fire (without autoRefine, the intensive phase).
   */
  public int surelyIntensiveEpochs() {
    if (autoRefine == null) {
      return intensiveEpochs();
    }
    return Math.min(intensiveEpochs(), firstAutoEpoch() + autoRefine.patience() - 1);
  }

  /**
   * Where {@code refine: auto}'s rule switches given the epochs so far ({@code history}, in order
   * from epoch 1): the first intensive epoch after which it fires; empty without autoRefine or
   * while it has not fired.
   */
  public Optional<SwitchRule.Decision> switchDecision(List<EpochMetrics> history) {
    if (autoRefine == null) {
      return Optional.empty();
    }
    SwitchRule rule =
        new SwitchRule(autoRefine.patience(), autoRefine.minDelta(), firstAutoEpoch());
    return rule.decide(
        history.stream().limit(intensiveEpochs()).map(EpochMetrics::heldOutLoss).toList());
  }

  /**
   * The run's plan after {@code history}: this config, or once {@code refine: auto} has switched,
   * this config switched there. A function of the recorded epochs, so a resume or an analysis
   * re-derives it.
   */
  public TrainConfig planAfter(List<EpochMetrics> history) {
    return switchDecision(history).map(d -> switchedAfter(d.epoch())).orElse(this);
  }

  /**
   * The loss: cross-entropy on targets smoothed by {@code labelSmoothing} (each target becomes (1 -
   * e) x target + e / classes, after batch mixing, as timm does), in the intensive phase; in
   * refinement too only if {@code smoothRefinement} (the paper's refinement trains on plain
   * targets, the default).
   */
  public record LossConfig(Double labelSmoothing, Boolean smoothRefinement) {
    public LossConfig {
      labelSmoothing = labelSmoothing == null ? 0.0 : labelSmoothing;
      smoothRefinement = smoothRefinement != null && smoothRefinement;
    }
  }

  /**
   * An exponential moving average of the weights and BatchNorm statistics, evaluated each epoch
   * beside them, as timm's ModelEmaV3 keeps it: at the k-th update since the average started, avg =
   * d avg + (1 - d) w, where d is 0 at k = 1 (a copy), then {@code decay} (default 0.9998, timm's
   * train.py's), or with {@code warmup} min(decay, 1 - (1 + (k - 1) / warmupGamma)^-warmupPower)
   * (defaults 1 and 2/3). {@code atSwitch}: {@code restart} starts the average again from the
   * weights at the first refinement step, {@code keep} averages on across the switch (see the
   * README for the default and the measurement behind it).
   */
  public record EmaConfig(
      Double decay, Boolean warmup, Double warmupGamma, Double warmupPower, String atSwitch) {
    public static final String KEEP = "keep";
    public static final String RESTART = "restart";

    public EmaConfig {
      decay = decay == null ? 0.9998 : decay;
      warmup = warmup != null && warmup;
      warmupGamma = warmupGamma == null ? 1.0 : warmupGamma;
      warmupPower = warmupPower == null ? 2.0 / 3 : warmupPower;
      atSwitch = atSwitch == null ? RESTART : atSwitch;
    }

    /** The decay of the {@code k}-th update (1-based) since the average started. */
    public double decayAt(long k) {
      if (k <= 1) {
        return 0;
      }
      return warmup
          ? Math.min(decay, 1 - Math.pow(1 + (k - 1) / warmupGamma, -warmupPower))
          : decay;
    }

    /** The same average up to the switch (what the epochs before refinement depend on). */
    boolean sameBeforeSwitch(EmaConfig o) {
      return decay.equals(o.decay)
          && warmup.equals(o.warmup)
          && warmupGamma.equals(o.warmupGamma)
          && warmupPower.equals(o.warmupPower);
    }
  }

  /** The label smoothing of the intensive phase (0 without a loss config). */
  public double labelSmoothing() {
    return loss == null ? 0 : loss.labelSmoothing();
  }

  /**
   * The network: a registered name, its width (the family's width parameter: first-stage channels,
   * WideResNet's k, Shake-Shake's d; the model's own default when absent), dropout (families that
   * have it: WideResNet; 0 when absent), the family's own {@code options} (see {@code rda models};
   * each absent one at its default) and {@code precision}, what its convolutions and matrix
   * products compute in ({@code float32} when absent, or {@code bfloat16}: see {@link Precision}).
   */
  public record ModelConfig(
      String name,
      Integer width,
      Float dropout,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Double> options,
      @JsonInclude(JsonInclude.Include.NON_NULL) String precision) {
    public ModelConfig {
      if (width == null && name != null && Models.exists(name)) {
        width = Models.entry(name).defaultWidth();
      }
      if (dropout == null) {
        dropout = 0f;
      }
      options = options == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(options));
    }

    public ModelConfig(String name, int width) {
      this(name, width, 0f, Map.of(), null);
    }

    /** The precision asked for (float32 when absent). */
    public Precision computePrecision() {
      try {
        return Precision.of(precision);
      } catch (IllegalArgumentException e) {
        throw new BadInputException("config field 'model.precision': " + e.getMessage());
      }
    }
  }

  /**
   * The data: dataset kind and directory, an optional fixed training subset (0 = all images, chosen
   * with {@code subsetSeed}, the same for every run that uses that seed), and how many training
   * images the clean-loss evaluation uses each epoch. {@code heldOut} (absent: none) is the
   * fraction of the training images kept out of training, chosen with {@code subsetSeed}, and
   * evaluated every epoch: the data the automatic switch decides on, never the test set. Image-file
   * kinds also take {@code imageSize} (the input side; absent = the kind's own: Tiny-ImageNet 64,
   * ImageNet 224, Mini-ImageNet 84, a folder its first image's) and {@code exclude} (a file of
   * image paths to leave out, as {@code rda data verify} writes it).
   */
  public record DataConfig(
      String dataset,
      String path,
      int trainSubset,
      long subsetSeed,
      int cleanEvalImages,
      Integer imageSize,
      String exclude,
      @JsonInclude(JsonInclude.Include.NON_NULL) Double heldOut) {

    public DataConfig(
        String dataset, String path, int trainSubset, long subsetSeed, int cleanEvalImages) {
      this(dataset, path, trainSubset, subsetSeed, cleanEvalImages, null, null, null);
    }

    public DataConfig(
        String dataset,
        String path,
        int trainSubset,
        long subsetSeed,
        int cleanEvalImages,
        Integer imageSize,
        String exclude) {
      this(dataset, path, trainSubset, subsetSeed, cleanEvalImages, imageSize, exclude, null);
    }

    /** This data with {@code heldOut} (null: none held out). */
    public DataConfig withHeldOut(Double heldOut) {
      return new DataConfig(
          dataset, path, trainSubset, subsetSeed, cleanEvalImages, imageSize, exclude, heldOut);
    }

    /** This data with its subset chosen by {@code subsetSeed}. */
    public DataConfig withSubsetSeed(long subsetSeed) {
      return new DataConfig(
          dataset, path, trainSubset, subsetSeed, cleanEvalImages, imageSize, exclude, heldOut);
    }

    /** How many of {@code trainImages} the held-out split takes (0: none). */
    public int heldOutImages(int trainImages) {
      return heldOut == null ? 0 : (int) Math.round(heldOut * trainImages);
    }
  }

  /**
   * Augmentation by phase: {@code standard} per-sample ops run in every phase; the intensive ones
   * only in the intensive phase: {@code intensive} per-sample ops after the standard ones (e.g.
   * {@code autoaugment-cifar10}, {@code cutout(size=16)}) and {@code batch} after batching (e.g.
   * {@code mixup(gamma=1.0)}). Their strength follows {@code schedule} (absent: constant 1); in
   * refinement it is 0. {@code evaluation} ops (e.g. {@code center-crop}) run on the test and
   * clean-loss images.
   */
  public record AugmentConfig(
      List<String> standard,
      List<String> intensive,
      String batch,
      Schedule schedule,
      List<String> evaluation) {

    public AugmentConfig {
      intensive = intensive == null ? List.of() : List.copyOf(intensive);
      schedule = schedule == null ? Schedule.CONSTANT : schedule;
      evaluation = evaluation == null ? List.of() : List.copyOf(evaluation);
    }

    public AugmentConfig(List<String> standard, String batch) {
      this(standard, List.of(), batch, null, List.of());
    }
  }

  /**
   * SGD with momentum and weight decay on all trainable weights. The LR is {@code lr} times {@code
   * schedule} over the intensive phase (e.g. {@code {kind: cosine, floor: 0.01, warmupSteps:
   * 500}}); without a schedule, times {@code decay} at each epoch of {@code milestones} (0-based:
   * the LR changes when that many epochs are done), the paper's step schedule. Refinement holds
   * {@code refineLr}, or the intensive phase's last LR.
   */
  public record OptimizerConfig(
      double lr,
      double momentum,
      double weightDecay,
      List<Integer> milestones,
      Double decay,
      Double refineLr,
      @JsonInclude(JsonInclude.Include.NON_NULL) Schedule schedule) {

    public OptimizerConfig(
        double lr,
        double momentum,
        double weightDecay,
        List<Integer> milestones,
        double decay,
        Double refineLr) {
      this(lr, momentum, weightDecay, milestones, decay, refineLr, null);
    }

    /** The LR's schedule: the one given, or the step schedule of milestones and decay. */
    public Schedule learningRate() {
      return schedule != null
          ? schedule
          : Schedule.step(milestones == null ? List.of() : milestones, decay);
    }
  }

  /**
   * This config's network for images of {@code spec}'s channels and classes, built into {@code tf}.
   */
  public Network network(Ops tf, ImageSpec spec) {
    return Models.build(
        model.name(),
        tf,
        new Models.Spec(
            model.width(),
            spec.channels(),
            spec.classes(),
            seed,
            model.dropout(),
            model.options()));
  }

  public int intensiveEpochs() {
    return epochs - refineEpochs;
  }

  /**
   * Epochs trained with the intensive augmentation on: up to the refinement phase, or to the first
   * epoch the strength schedule turns it off for good, whichever comes first.
   */
  public int augmentedEpochs() {
    Schedule schedule = augment.schedule();
    for (int e = 0; e < intensiveEpochs(); e++) {
      if (schedule.atEpoch(e, intensiveEpochs()) == 0) {
        return e;
      }
    }
    return intensiveEpochs();
  }

  /**
   * Checks every value; the first bad one is named with its field (one line, for the user) as a
   * {@link dev.rda.core.BadInputException}.
   */
  public void validate() {
    validateModel();
    validateData();
    validateAugment();
    validateOptimizer();
    validateLossAndAverage();
    validateAutoRefine();
  }

  /** {@code autoRefine}: its held-out data, its schedule, its numbers. */
  private void validateAutoRefine() {
    if (autoRefine == null) {
      return;
    }
    Checks.require(
        data.heldOut() != null,
        "autoRefine",
        "set",
        "decides on held-out training images: give data.heldOut, e.g. 0.1");
    Checks.require(refineEpochs >= 1, "refineEpochs", refineEpochs, "must be >= 1 with autoRefine");
    Checks.require(
        autoRefine.patience() >= 1, "autoRefine.patience", autoRefine.patience(), "must be >= 1");
    Checks.require(
        autoRefine.minDelta() >= 0, "autoRefine.minDelta", autoRefine.minDelta(), "must be >= 0");
    Checks.require(
        autoRefine.fromEpoch() == null
            || (autoRefine.fromEpoch() >= 1 && autoRefine.fromEpoch() <= intensiveEpochs()),
        "autoRefine.fromEpoch",
        autoRefine.fromEpoch(),
        "must lie in 1.." + intensiveEpochs() + " (the intensive phase)");
    Checks.require(
        firstAutoEpoch() <= intensiveEpochs(),
        "autoRefine",
        "set",
        "cannot fire: the LR's last milestone is the intensive phase's last epoch ("
            + intensiveEpochs()
            + "); give autoRefine.fromEpoch");
  }

  /** The name and the network. */
  private void validateModel() {
    Checks.require(
        name != null && name.matches("[A-Za-z0-9._-]+"),
        "name",
        name,
        "must be letters, digits, '.', '_' or '-'");
    Checks.require(model != null, "model", null, "is missing");
    Checks.require(
        model.name() != null && Models.exists(model.name()),
        "model.name",
        model.name(),
        "is not a known model (known: " + String.join(", ", Models.names()) + ")");
    Models.entry(model.name()).check(model.width(), model.dropout(), model.options());
    model.computePrecision();
  }

  /** The dataset and its subset. */
  private void validateData() {
    Checks.require(data != null, "data", null, "is missing");
    Checks.require(
        Datasets.exists(data.dataset()),
        "data.dataset",
        data.dataset(),
        "is not a supported dataset (supported: " + String.join(", ", Datasets.names()) + ")");
    boolean files = Datasets.kind(data.dataset()).files();
    Checks.require(
        data.imageSize() == null || (files && data.imageSize() >= 1),
        "data.imageSize",
        data.imageSize(),
        files
            ? "must be >= 1"
            : "applies to image-file datasets only; "
                + data.dataset()
                + " images keep their stored size");
    Checks.require(
        data.exclude() == null || files,
        "data.exclude",
        data.exclude(),
        "applies to image-file datasets only");
    Checks.require(
        data.path() != null && !data.path().isBlank(), "data.path", data.path(), "is missing");
    Checks.require(
        data.trainSubset() >= 0, "data.trainSubset", data.trainSubset(), "must be >= 0 (0 = all)");
    Checks.require(
        data.cleanEvalImages() >= 1,
        "data.cleanEvalImages",
        data.cleanEvalImages(),
        "must be >= 1");
    Checks.require(
        data.heldOut() == null || (data.heldOut() > 0 && data.heldOut() < 0.5),
        "data.heldOut",
        data.heldOut(),
        "must lie in (0, 0.5): the fraction of the training images held out of training");
  }

  /** The epochs, the batch and the augmentation of each phase. */
  private void validateAugment() {
    Checks.require(epochs >= 1, "epochs", epochs, "must be >= 1");
    Checks.require(refineEpochs >= 0, "refineEpochs", refineEpochs, "must be >= 0");
    Checks.require(
        refineEpochs < epochs,
        "refineEpochs",
        refineEpochs,
        "must be less than epochs (" + epochs + ")");
    Checks.require(batchSize >= 1, "batchSize", batchSize, "must be >= 1");
    Checks.require(augment != null, "augment", null, "is missing");
    Checks.require(
        augment.standard() != null, "augment.standard", null, "is missing (use [] for none)");
    requireKnownSampleOps("augment.standard", augment.standard());
    requireKnownSampleOps("augment.intensive", augment.intensive());
    requireKnownSampleOps("augment.evaluation", augment.evaluation());
    Checks.require(
        augment.schedule().lastChange(intensiveEpochs()) <= intensiveEpochs(),
        "augment.schedule",
        augment.schedule(),
        "changes after the intensive phase ends (epoch " + intensiveEpochs() + ")");
    if (augment.batch() != null) {
      try {
        Augmentations.batch(augment.batch());
      } catch (IllegalArgumentException e) {
        throw new BadInputException("config field 'augment.batch': " + e.getMessage());
      }
    }
  }

  /** The optimizer and its LR schedule. */
  private void validateOptimizer() {
    Checks.require(optimizer != null, "optimizer", null, "is missing");
    Checks.require(optimizer.lr() > 0, "optimizer.lr", optimizer.lr(), "must be > 0");
    Checks.require(
        optimizer.momentum() >= 0 && optimizer.momentum() < 1,
        "optimizer.momentum",
        optimizer.momentum(),
        "must be in [0, 1)");
    Checks.require(
        optimizer.weightDecay() >= 0,
        "optimizer.weightDecay",
        optimizer.weightDecay(),
        "must be >= 0");
    if (optimizer.schedule() != null) {
      Checks.require(
          (optimizer.milestones() == null || optimizer.milestones().isEmpty())
              && optimizer.decay() == null,
          "optimizer.schedule",
          optimizer.schedule().kind(),
          "replaces milestones and decay: give one or the other (over a preset:"
              + " --set optimizer.milestones=[] --set optimizer.decay=null)");
      Checks.require(
          optimizer.schedule().lastChange(intensiveEpochs()) <= intensiveEpochs(),
          "optimizer.schedule",
          optimizer.schedule(),
          "changes after the intensive phase ends (epoch " + intensiveEpochs() + ")");
    } else {
      Checks.require(
          optimizer.decay() != null && optimizer.decay() > 0 && optimizer.decay() <= 1,
          "optimizer.decay",
          optimizer.decay(),
          "must be in (0, 1]");
      Milestones.check(
          "optimizer.milestones", optimizer.milestones(), intensiveEpochs(), "the intensive phase");
    }
  }

  /** Label smoothing, the refinement LR and the weight average. */
  private void validateLossAndAverage() {
    Checks.require(
        labelSmoothing() >= 0 && labelSmoothing() < 1,
        "loss.labelSmoothing",
        labelSmoothing(),
        "must be in [0, 1)");
    if (ema != null) {
      Checks.require(
          ema.decay() > 0 && ema.decay() < 1, "ema.decay", ema.decay(), "must be in (0, 1)");
      Checks.require(ema.warmupGamma() > 0, "ema.warmupGamma", ema.warmupGamma(), "must be > 0");
      Checks.require(ema.warmupPower() > 0, "ema.warmupPower", ema.warmupPower(), "must be > 0");
      Checks.require(
          ema.atSwitch().equals(EmaConfig.KEEP) || ema.atSwitch().equals(EmaConfig.RESTART),
          "ema.atSwitch",
          ema.atSwitch(),
          "must be keep or restart");
    }
    Checks.require(
        optimizer.refineLr() == null || optimizer.refineLr() > 0,
        "optimizer.refineLr",
        optimizer.refineLr(),
        "must be > 0");
  }

  private static void requireKnownSampleOps(String field, List<String> ops) {
    for (String op : ops) {
      try {
        Augmentations.sample(op);
      } catch (IllegalArgumentException e) {
        throw new BadInputException("config field '" + field + "': " + e.getMessage());
      }
    }
  }
}

package dev.rda.detection;

import dev.rda.core.SessionOptions;
import dev.rda.savedmodels.BackboneInit;
import dev.rda.savedmodels.ClassifierExport;
import dev.rda.training.VariableValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.PartialRuns;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * Faster R-CNN (Ren et al., 2015) over an exported backbone: its graph ({@link DetectorGraph}), its
 * training targets ({@link Targets}) and the session steps that join them.
 *
 * <p>Box logic (anchors, target assignment, sampling, proposal decoding, NMS) runs in Java between
 * two steps of one partial run ({@link PartialRuns}): the first computes the backbone and the RPN's
 * outputs, from which Java makes proposals and samples RoIs; the second feeds the RoIs and targets
 * and trains, reusing the first step's feature maps, so the backbone runs once per training step.
 * {@link Passes#TWO} runs the same two steps as two whole session runs instead, the backbone in
 * both: what the detector did before, kept for {@code rda bench detect-step} to compare.
 */
public final class Detector implements AutoCloseable {
  /** Box deltas regressed per class, for the 20 VOC classes; scores have a background class too. */
  public final int classes;

  public final DetectorLayout layout;

  /** The levels the RPN reads, shallowest first, and their strides. */
  public final List<String> levels;

  public final int[] strides;
  public final int trainableCount;

  /** How often a training step runs the backbone. */
  public enum Passes {
    ONE,
    TWO
  }

  private final DetectionConfig config;
  private final DetectorGraph g;
  private final PartialRuns runs;
  private final Session session;
  private final Map<List<Integer>, AnchorLevels> anchors = new HashMap<>();

  public Detector(DetectionConfig config, ClassifierExport.Info info, int threads) {
    this.config = config;
    this.g = new DetectorGraph(config, info);
    this.classes = g.classes;
    this.layout = g.layout;
    this.levels = List.copyOf(g.levelNames);
    this.strides = g.strides.clone();
    this.trainableCount = g.trainableCount;
    runs = new PartialRuns(g.graph, SessionOptions.of(threads));
    session = runs.session();
    session.initialize();
  }

  /** The four losses of one training step. */
  public record Losses(double rpnClass, double rpnBox, double headClass, double headBox) {
    public double total() {
      return rpnClass + rpnBox + headClass + headBox;
    }
  }

  /** One SGD step on {@code batch}, its sampling drawn from {@code random}. */
  public Losses train(List<Canvas> batch, double lr, Random random) {
    return train(batch, lr, random, Passes.ONE);
  }

  /** One SGD step on {@code batch} that runs the backbone {@code passes} times. */
  public Losses train(List<Canvas> batch, double lr, Random random, Passes passes) {
    List<Operand<?>> second = new ArrayList<>(g.loss.feeds());
    second.addAll(roiFeeds());
    List<Operand<?>> fed = new ArrayList<>(List.of(g.images));
    fed.addAll(second);
    List<Operand<?>> losses =
        List.of(g.loss.rpnClassLoss, g.loss.rpnBoxLoss, g.loss.headClassLoss, g.loss.headBoxLoss);
    List<Operand<?>> fetched = new ArrayList<>(rpnOutputs());
    fetched.addAll(losses);
    try (TUint8 x = DetectorFeeds.pixels(batch);
        Steps steps = steps(passes, fed, fetched, g.trainStep)) {
      List<Tensor> rpn = steps.first(Map.of(g.images, x), rpnOutputs());
      AnchorLevels a = anchors(rpn.get(0));
      float[] scores = DetectorFeeds.floats(rpn.get(1));
      float[] deltas = DetectorFeeds.floats(rpn.get(2));
      int n = a.boxes().length;
      Targets.Step t =
          Targets.forBatch(
              a.boxes(),
              batch,
              i -> proposals(a, scores, deltas, i, batch.get(i), true),
              classes,
              config,
              random);
      int b = batch.size();
      int r = t.rois().size();
      try (TFloat32 l = DetectorFeeds.tensor(t.rpnLabels(), b, n);
          TFloat32 w = DetectorFeeds.tensor(t.rpnWeights(), b, n);
          TFloat32 rt = DetectorFeeds.tensor(t.rpnTargets(), b, n, 4);
          TInt32 hl = TInt32.vectorOf(t.roiLabels());
          TFloat32 ht = DetectorFeeds.tensor(t.roiTargets(), r, 4 * classes);
          TFloat32 hw = DetectorFeeds.tensor(t.roiWeights(), r, 4 * classes);
          TFloat32 rate = TFloat32.scalarOf((float) lr);
          RoiTensors rois = roiTensors(t.rois(), t.roiImages())) {
        Map<Operand<?>, Tensor> feeds = new LinkedHashMap<>(rois.feeds());
        feeds.put(g.loss.rpnLabels, l);
        feeds.put(g.loss.rpnWeights, w);
        feeds.put(g.loss.rpnTargets, rt);
        feeds.put(g.loss.headLabels, hl);
        feeds.put(g.loss.headTargets, ht);
        feeds.put(g.loss.headWeights, hw);
        feeds.put(g.loss.learningRate, rate);
        List<Tensor> out = steps.second(feeds, losses, g.trainStep);
        return new Losses(
            DetectorFeeds.scalar(out.get(0)),
            DetectorFeeds.scalar(out.get(1)),
            DetectorFeeds.scalar(out.get(2)),
            DetectorFeeds.scalar(out.get(3)));
      }
    }
  }

  /**
   * Detections on {@code batch} (not flipped), in original image pixels; image indices start at
   * {@code firstImage}. The backbone runs once.
   */
  public List<Detection> detect(List<Canvas> batch, int firstImage) {
    int b = batch.size();
    List<Operand<?>> fed = new ArrayList<>(List.of(g.images));
    fed.addAll(roiFeeds());
    List<Operand<?>> head = List.of(g.headProbabilities, g.headDeltas);
    List<Operand<?>> fetched = new ArrayList<>(rpnOutputs());
    fetched.addAll(head);
    try (TUint8 x = DetectorFeeds.pixels(batch);
        Steps steps = steps(Passes.ONE, fed, fetched)) {
      List<Tensor> rpn = steps.first(Map.of(g.images, x), rpnOutputs());
      AnchorLevels a = anchors(rpn.get(0));
      float[] scores = DetectorFeeds.floats(rpn.get(1));
      float[] deltas = DetectorFeeds.floats(rpn.get(2));
      List<Box[]> proposals = new ArrayList<>();
      List<Box> all = new ArrayList<>();
      List<Integer> owners = new ArrayList<>();
      for (int i = 0; i < b; i++) {
        Box[] p = proposals(a, scores, deltas, i, batch.get(i), false);
        proposals.add(p);
        for (Box box : p) {
          all.add(box);
          owners.add(i);
        }
      }
      try (RoiTensors rois =
          roiTensors(all, owners.stream().mapToInt(Integer::intValue).toArray())) {
        List<Tensor> out = steps.second(rois.feeds(), head);
        float[] probabilities = DetectorFeeds.floats(out.get(0));
        float[] boxDeltas = DetectorFeeds.floats(out.get(1));
        List<Detection> detections = new ArrayList<>();
        int offset = 0;
        for (int i = 0; i < b; i++) {
          Canvas c = batch.get(i);
          detections.addAll(
              Proposals.detections(
                  firstImage + i,
                  proposals.get(i),
                  probabilities,
                  boxDeltas,
                  offset,
                  classes,
                  c.width(),
                  c.height(),
                  c.scale(),
                  config.head()));
          offset += proposals.get(i).length;
        }
        return detections;
      }
    }
  }

  private List<Operand<?>> rpnOutputs() {
    return List.of(g.levelCells, g.rpnScores, g.rpnDeltas);
  }

  private List<Operand<?>> roiFeeds() {
    return layout == DetectorLayout.FPN
        ? List.of(g.rois, g.roiImages, g.roiLevelIndex)
        : List.of(g.rois, g.roiImages);
  }

  /** The RoI placeholders' tensors: boxes, their images and, with a pyramid, their levels. */
  private record RoiTensors(Map<Operand<?>, Tensor> feeds) implements AutoCloseable {
    @Override
    public void close() {
      feeds.values().forEach(Tensor::close);
    }
  }

  private RoiTensors roiTensors(List<Box> boxes, int[] images) {
    Map<Operand<?>, Tensor> feeds = new LinkedHashMap<>();
    feeds.put(g.rois, DetectorFeeds.rois(boxes));
    feeds.put(g.roiImages, TInt32.vectorOf(images));
    if (layout == DetectorLayout.FPN) {
      int[] level = new int[boxes.size()];
      for (int i = 0; i < level.length; i++) {
        level[i] = g.roiLevels.of(boxes.get(i)) - g.roiLevels.min();
      }
      feeds.put(g.roiLevelIndex, TInt32.vectorOf(level));
    }
    return new RoiTensors(feeds);
  }

  /** The anchors of a batch whose levels have the grids {@code cells} ([L, 2]) holds. */
  private AnchorLevels anchors(Tensor cells) {
    int[] flat = new int[(int) cells.shape().size()];
    ((TInt32) cells).copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(flat, false, false));
    List<Integer> key = Arrays.stream(flat).boxed().toList();
    return anchors.computeIfAbsent(
        key,
        k -> {
          int[][] grid = new int[flat.length / 2][];
          List<List<Integer>> sizes = new ArrayList<>();
          for (int l = 0; l < grid.length; l++) {
            grid[l] = new int[] {flat[2 * l], flat[2 * l + 1]};
            sizes.add(
                layout == DetectorLayout.FPN
                    ? List.of(config.anchorSizes().get(l))
                    : config.anchorSizes());
          }
          return AnchorLevels.of(grid, strides, sizes, config.anchorRatios());
        });
  }

  /** Image {@code i}'s proposals from the batch's RPN outputs, with training or test counts. */
  private Box[] proposals(
      AnchorLevels a, float[] scores, float[] deltas, int i, Canvas c, boolean training) {
    DetectionConfig.Rpn rpn = config.rpn();
    return Proposals.rpn(
        a,
        scores,
        deltas,
        i * a.boxes().length,
        c.width(),
        c.height(),
        training ? rpn.preNmsTrain() : rpn.preNmsTest(),
        training ? rpn.postNmsTrain() : rpn.postNmsTest(),
        rpn.nms());
  }

  /** The two steps of one training or detection step; closing frees what they fetched. */
  private interface Steps extends AutoCloseable {
    List<Tensor> first(Map<? extends Operand<?>, ? extends Tensor> feeds, List<Operand<?>> fetches);

    List<Tensor> second(
        Map<? extends Operand<?>, ? extends Tensor> feeds, List<Operand<?>> fetches, Op... targets);

    @Override
    void close();
  }

  private Steps steps(
      Passes passes, List<Operand<?>> fed, List<Operand<?>> fetched, Op... targets) {
    return passes == Passes.ONE ? new OnePass(runs.start(fed, fetched, targets)) : new TwoPasses();
  }

  /** Both steps in one partial run: the second reuses the first's backbone outputs. */
  private static final class OnePass implements Steps {
    private final PartialRuns.Steps run;
    private final List<Tensor> fetched = new ArrayList<>();

    OnePass(PartialRuns.Steps run) {
      this.run = run;
    }

    @Override
    public List<Tensor> first(
        Map<? extends Operand<?>, ? extends Tensor> feeds, List<Operand<?>> fetches) {
      return keep(run.step(feeds, fetches));
    }

    @Override
    public List<Tensor> second(
        Map<? extends Operand<?>, ? extends Tensor> feeds,
        List<Operand<?>> fetches,
        Op... targets) {
      return keep(run.step(feeds, fetches, targets));
    }

    private List<Tensor> keep(List<Tensor> out) {
      fetched.addAll(out);
      return out;
    }

    @Override
    public void close() {
      fetched.forEach(Tensor::close);
      run.close();
    }
  }

  /** Each step a whole session run; the second feeds the first's inputs again. */
  private final class TwoPasses implements Steps {
    private final Map<Operand<?>, Tensor> firstFeeds = new LinkedHashMap<>();
    private final List<Result> results = new ArrayList<>();

    @Override
    public List<Tensor> first(
        Map<? extends Operand<?>, ? extends Tensor> feeds, List<Operand<?>> fetches) {
      firstFeeds.putAll(feeds);
      return run(feeds, fetches);
    }

    @Override
    public List<Tensor> second(
        Map<? extends Operand<?>, ? extends Tensor> feeds,
        List<Operand<?>> fetches,
        Op... targets) {
      Map<Operand<?>, Tensor> all = new LinkedHashMap<>(firstFeeds);
      all.putAll(feeds);
      return run(all, fetches, targets);
    }

    private List<Tensor> run(
        Map<? extends Operand<?>, ? extends Tensor> feeds,
        List<Operand<?>> fetches,
        Op... targets) {
      Session.Runner runner = session.runner();
      feeds.forEach(runner::feed);
      fetches.forEach(runner::fetch);
      for (Op t : targets) {
        runner.addTarget(t);
      }
      Result r = runner.run();
      results.add(r);
      List<Tensor> out = new ArrayList<>();
      for (int i = 0; i < fetches.size(); i++) {
        out.add(r.get(i));
      }
      return out;
    }

    @Override
    public void close() {
      results.forEach(Result::close);
    }
  }

  /** Sets the backbone's weights from the SavedModel it was exported to. */
  public void loadBackbone(Path savedModel) {
    List<Variable<TFloat32>> all = new ArrayList<>(g.backbone.parameters().trainable());
    all.addAll(g.backbone.parameters().state());
    BackboneInit.copy(
        savedModel, all, null, values -> VariableValues.assign(g.graph, session, all, values));
  }

  public void save(String prefix) {
    session.save(prefix);
  }

  public void restore(String prefix) {
    session.restore(prefix);
  }

  @Override
  public void close() {
    runs.close();
    g.graph.close();
  }
}

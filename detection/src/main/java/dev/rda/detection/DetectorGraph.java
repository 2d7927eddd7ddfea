package dev.rda.detection;

import dev.rda.core.BadInputException;
import dev.rda.models.Dense;
import dev.rda.models.FeatureHook;
import dev.rda.models.Initializers;
import dev.rda.models.Mode;
import dev.rda.models.Models;
import dev.rda.models.Network;
import dev.rda.models.Parameters;
import dev.rda.savedmodels.ClassifierExport;
import dev.rda.training.MomentumSgd;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * The graph of {@link Detector}: an exported backbone rebuilt from the export's record and run in
 * inference mode (frozen BatchNorm, as detection fine-tuning does), the levels the RPN reads (a
 * feature pyramid, or one backbone map), the RPN shared over them, the box head of the layout on
 * RoIs fed from Java, the four losses over targets fed from Java ({@link Targets}) and an SGD step.
 * It holds only what is differentiable. Images may have any size that is a multiple of {@link
 * DetectionConfig#SIZE_DIVISOR}; {@link #levelCells} tells Java each level's grid for the anchors.
 */
final class DetectorGraph {
  /** Box deltas regressed per class (the 20 VOC classes); scores have a background class too. */
  final int classes = Voc.CLASSES.size();

  final DetectorLayout layout;

  /** The RPN's levels, shallowest first: their names and strides. */
  final List<String> levelNames = new ArrayList<>();

  final int[] strides;

  /** The levels RoIs are pooled from, as the FPN rule numbers them (stride 2^k); fpn only. */
  final PyramidLevels roiLevels;

  final int trainableCount;

  private final DetectionConfig config;
  final Graph graph = new Graph();
  final Network backbone;
  private final Parameters heads;

  final Placeholder<TUint8> images;
  final Placeholder<TFloat32> rois;
  final Placeholder<TInt32> roiImages;
  final Placeholder<TInt32> roiLevelIndex;

  final Operand<TInt32> levelCells;
  final Operand<TFloat32> rpnScores;
  final Operand<TFloat32> rpnDeltas;
  final Operand<TFloat32> headProbabilities;
  final Operand<TFloat32> headDeltas;
  final DetectorLosses loss;
  final Op trainStep;

  DetectorGraph(DetectionConfig config, ClassifierExport.Info info) {
    this.config = config;
    this.layout = DetectorLayout.of(config.layout());
    Map<String, Integer> mapStrides = mapStrides(info);
    Ops tf = Ops.create(graph);
    images =
        tf.withName("images").placeholder(TUint8.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
    backbone = Models.build(info.model(), tf, spec(info));
    Map<String, Operand<TFloat32>> maps =
        backbone
            .forward(tf, normalised(tf, images, info), Mode.EVAL, FeatureHook.NONE)
            .featureMaps();
    heads = new Parameters(config.seed());

    List<Level> levels =
        switch (layout) {
          case FPN -> pyramid(tf, maps, fpnMaps(maps), mapStrides);
          case C4 -> List.of(level(maps, mapStrides, c4Map(info), info));
          case SINGLE ->
              List.of(
                  level(
                      maps,
                      mapStrides,
                      config.featureMap() != null ? config.featureMap() : deepestUpTo16(mapStrides),
                      info));
        };
    levels.forEach(l -> levelNames.add(l.name()));
    strides = levels.stream().mapToInt(Level::stride).toArray();
    if (layout == DetectorLayout.FPN && config.anchorSizes().size() != levels.size()) {
      throw new BadInputException(
          "anchorSizes",
          config.anchorSizes(),
          "must give one size per pyramid level " + levelNames + " (" + levels.size() + ")");
    }
    // A pyramid has one anchor size per level; a single map has all of them.
    int sizesPerCell = layout == DetectorLayout.FPN ? 1 : config.anchorSizes().size();
    int perCell = sizesPerCell * config.anchorRatios().size();

    // The RPN, its weights shared by every level (all levels have the same channels).
    Ops rpn = tf.withSubScope("rpn");
    int channels = (int) levels.get(0).map().shape().get(3);
    Variable<TFloat32>[] shared =
        convWeights(
            rpn.withSubScope("conv"),
            3,
            channels,
            config.rpn().channels(),
            Initializers.normal(0.01));
    Variable<TFloat32>[] objectness =
        convWeights(
            rpn.withSubScope("objectness"),
            1,
            config.rpn().channels(),
            2 * perCell,
            Initializers.normal(0.01));
    Variable<TFloat32>[] deltas =
        convWeights(
            rpn.withSubScope("deltas"),
            1,
            config.rpn().channels(),
            4 * perCell,
            Initializers.normal(0.01));
    List<Operand<TFloat32>> logitsPerLevel = new ArrayList<>();
    List<Operand<TFloat32>> deltasPerLevel = new ArrayList<>();
    List<Operand<TInt32>> cells = new ArrayList<>();
    for (Level level : levels) {
      Operand<TFloat32> h = tf.nn.relu(conv(tf, level.map(), shared));
      logitsPerLevel.add(perAnchor(tf, conv(tf, h, objectness), 2));
      deltasPerLevel.add(perAnchor(tf, conv(tf, h, deltas), 4));
      cells.add(cellsOf(tf, level.map()));
    }
    levelCells = tf.withName("level_cells").stack(cells, Stack.axis(0L));
    Operand<TFloat32> logits = alongAnchors(tf, logitsPerLevel);
    Operand<TFloat32> rpnProbabilities = tf.nn.softmax(logits);
    // The probability of an object, [B, N].
    rpnScores = tf.gather(rpnProbabilities, tf.constant(1), tf.constant(2));
    rpnDeltas = alongAnchors(tf, deltasPerLevel);

    // The box head on RoIs in image pixels (x1, y1, x2, y2).
    Ops head = tf.withSubScope("box_head");
    rois = tf.withName("rois").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 4)));
    roiImages =
        tf.withName("roi_images").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    roiLevelIndex =
        tf.withName("roi_levels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    roiLevels =
        layout == DetectorLayout.FPN
            ? new PyramidLevels(
                Integer.numberOfTrailingZeros(strides[0]),
                Integer.numberOfTrailingZeros(strides[strides.length - 2]))
            : null;
    RoiFeatures roi =
        switch (layout) {
          case FPN -> fpnHead(tf, head, levels.subList(0, levels.size() - 1));
          case C4 -> c4Head(tf, levels.get(0));
          case SINGLE -> singleHead(tf, head, levels.get(0));
        };
    Operand<TFloat32> features = roi.features();
    int flat = roi.width();
    Operand<TFloat32> classLogits =
        new Dense(head.withSubScope("classes"), heads, flat, classes + 1, Initializers.normal(0.01))
            .apply(tf, features);
    headProbabilities = tf.nn.softmax(classLogits);
    headDeltas =
        new Dense(head.withSubScope("deltas"), heads, flat, 4 * classes, Initializers.normal(0.001))
            .apply(tf, features);

    loss = new DetectorLosses(tf, logits, rpnDeltas, classLogits, headDeltas, classes);

    List<Variable<TFloat32>> trained = new ArrayList<>();
    Set<String> feeding = ancestors(loss.total.op());
    for (Variable<TFloat32> v : backbone.parameters().trainable()) {
      if (feeding.contains(v.op().name())
          && !config.freezePattern().matcher(v.op().name()).find()) {
        trained.add(v);
      }
    }
    trained.addAll(heads.trainable());
    trainableCount = (int) trained.stream().mapToLong(v -> v.shape().size()).sum();
    trainStep =
        new MomentumSgd(tf, config.momentum(), config.weightDecay())
            .minimize(loss.total, trained, loss.learningRate, List.of());
  }

  /** A map the RPN reads: its name and stride. */
  private record Level(String name, int stride, Operand<TFloat32> map) {}

  /** What the class and box layers read per RoI, [R, width]. */
  private record RoiFeatures(Operand<TFloat32> features, int width) {}

  /** RoIAlign on each RoI's pyramid level, then two fully connected layers. */
  private RoiFeatures fpnHead(Ops tf, Ops head, List<Level> pooled) {
    DetectionConfig.Head h = config.head();
    int c = (int) pooled.get(0).map().shape().get(3);
    return new RoiFeatures(
        fullyConnected(head, tf, byLevel(tf, pooled, h), h.pool() * h.pool() * c, h.hidden()),
        h.hidden());
  }

  /** RoIAlign at twice the pool size, the backbone's last stage (stride 2), average pooling. */
  private RoiFeatures c4Head(Ops tf, Level level) {
    DetectionConfig.Head h = config.head();
    Operand<TFloat32> crops =
        RoiAlign.apply(
            tf, level.map(), rois, roiImages, level.stride(), 2 * h.pool(), h.samplingRatio());
    Operand<TFloat32> res5 = backbone.lastStage(tf, crops, Mode.EVAL);
    return new RoiFeatures(
        tf.math.mean(res5, tf.constant(new int[] {1, 2})), (int) res5.shape().get(3));
  }

  /** RoIAlign at twice the pool size, a 2x2 max pool, two fully connected layers. */
  private RoiFeatures singleHead(Ops tf, Ops head, Level level) {
    DetectionConfig.Head h = config.head();
    int c = (int) level.map().shape().get(3);
    Operand<TFloat32> crops =
        RoiAlign.apply(
            tf, level.map(), rois, roiImages, level.stride(), 2 * h.pool(), h.samplingRatio());
    Operand<TFloat32> maxed =
        tf.nn.maxPool(
            crops,
            tf.constant(new int[] {1, 2, 2, 1}),
            tf.constant(new int[] {1, 2, 2, 1}),
            "VALID");
    return new RoiFeatures(
        fullyConnected(head, tf, maxed, h.pool() * h.pool() * c, h.hidden()), h.hidden());
  }

  /** The map the c4 layout pools RoIs from: the configured one, or the last stage's input. */
  private String c4Map(ClassifierExport.Info info) {
    if (config.featureMap() != null) {
      return config.featureMap();
    }
    return backbone
        .lastStageInput()
        .orElseThrow(
            () ->
                new BadInputException(
                    "layout",
                    "c4",
                    "needs a backbone whose last stage runs alone (ResNet, PreActResNet); "
                        + info.model()
                        + " has none"));
  }

  private static Level level(
      Map<String, Operand<TFloat32>> maps,
      Map<String, Integer> strides,
      String name,
      ClassifierExport.Info info) {
    Operand<TFloat32> m = maps.get(name);
    if (m == null) {
      throw new BadInputException(
          "featureMap", name, "is not a feature map of " + info.model() + " " + maps.keySet());
    }
    return new Level(name, strides.get(name), m);
  }

  /** A map's grid, [2]: its height and width in cells. */
  private static Operand<TInt32> cellsOf(Ops tf, Operand<TFloat32> map) {
    return tf.stridedSlice(
        tf.shape(map),
        tf.constant(new int[] {1}),
        tf.constant(new int[] {3}),
        tf.constant(new int[] {1}));
  }

  private static Models.Spec spec(ClassifierExport.Info info) {
    return new Models.Spec(
        info.modelWidth(), info.channels(), info.classes(), 0, 0f, info.modelOptions());
  }

  /**
   * Each backbone map's stride, read off a copy of the backbone built on a fixed 256-pixel input
   * (the detector's own graph has images of any size, so its maps have no static size).
   */
  private static Map<String, Integer> mapStrides(ClassifierExport.Info info) {
    int side = 256;
    try (Graph probe = new Graph()) {
      Ops tf = Ops.create(probe);
      Operand<TFloat32> x =
          tf.placeholder(
              TFloat32.class, Placeholder.shape(Shape.of(1, side, side, info.channels())));
      Map<String, Integer> out = new LinkedHashMap<>();
      Models.build(info.model(), tf, spec(info))
          .forward(tf, x, Mode.EVAL, FeatureHook.NONE)
          .featureMaps()
          .forEach((name, map) -> out.put(name, (int) (side / map.shape().get(1))));
      return out;
    }
  }

  private List<String> fpnMaps(Map<String, Operand<TFloat32>> maps) {
    List<String> names = new ArrayList<>(maps.keySet());
    List<String> chosen =
        config.fpn().maps() != null
            ? config.fpn().maps()
            : names.subList(Math.max(0, names.size() - 4), names.size());
    for (String m : chosen) {
      if (!maps.containsKey(m)) {
        throw new BadInputException("fpn.maps", chosen, "names " + m + ", not a map of " + names);
      }
    }
    return chosen;
  }

  /**
   * The feature pyramid over {@code chosen} maps (shallowest first): P levels named after their
   * maps ("P" + the map's name), then the extra level above.
   */
  private List<Level> pyramid(
      Ops tf,
      Map<String, Operand<TFloat32>> maps,
      List<String> chosen,
      Map<String, Integer> strides) {
    int c = config.fpn().channels();
    Ops fpn = tf.withSubScope("fpn");
    List<Operand<TFloat32>> lateral = new ArrayList<>();
    for (String m : chosen) {
      Operand<TFloat32> x = maps.get(m);
      lateral.add(
          conv(
              tf,
              x,
              convWeights(
                  fpn.withSubScope("lateral_" + m),
                  1,
                  (int) x.shape().get(3),
                  c,
                  Initializers.uniformFanIn())));
    }
    Operand<TFloat32>[] topDown = new Operand[chosen.size()];
    topDown[chosen.size() - 1] = lateral.get(chosen.size() - 1);
    for (int i = chosen.size() - 2; i >= 0; i--) {
      Operand<TFloat32> up =
          tf.image.resizeNearestNeighbor(topDown[i + 1], cellsOf(tf, lateral.get(i)));
      topDown[i] = tf.math.add(lateral.get(i), up);
    }
    List<Level> out = new ArrayList<>();
    Operand<TFloat32> last = null;
    for (int i = 0; i < chosen.size(); i++) {
      last =
          conv(
              tf,
              topDown[i],
              convWeights(
                  fpn.withSubScope("output_" + chosen.get(i)),
                  3,
                  c,
                  c,
                  Initializers.uniformFanIn()));
      out.add(new Level("P" + chosen.get(i), strides.get(chosen.get(i)), last));
    }
    // torchvision's LastLevelMaxPool: a 1x1 max pool of stride 2, every second cell.
    String top = chosen.get(chosen.size() - 1);
    out.add(
        new Level(
            "P" + top + "/2",
            2 * strides.get(top),
            tf.nn.maxPool(
                last,
                tf.constant(new int[] {1, 1, 1, 1}),
                tf.constant(new int[] {1, 2, 2, 1}),
                "VALID")));
    return out;
  }

  /**
   * RoIAlign of every RoI on its level ({@link #roiLevelIndex}: 0 for the shallowest of {@code
   * levels}), in the RoIs' order: RoIs are partitioned by level, pooled, and stitched back.
   */
  private Operand<TFloat32> byLevel(Ops tf, List<Level> levels, DetectionConfig.Head h) {
    int n = levels.size();
    Operand<TInt32> order = tf.range(tf.constant(0), tf.size(roiLevelIndex), tf.constant(1));
    var boxes = tf.dynamicPartition(rois, roiLevelIndex, (long) n).outputs();
    var owners = tf.dynamicPartition(roiImages, roiLevelIndex, (long) n).outputs();
    var positions = tf.dynamicPartition(order, roiLevelIndex, (long) n).outputs();
    List<Operand<TFloat32>> pooled = new ArrayList<>();
    List<Operand<TInt32>> at = new ArrayList<>();
    for (int l = 0; l < n; l++) {
      pooled.add(
          RoiAlign.apply(
              tf,
              levels.get(l).map(),
              boxes.get(l),
              owners.get(l),
              levels.get(l).stride(),
              h.pool(),
              h.samplingRatio()));
      at.add(positions.get(l));
    }
    return tf.dynamicStitch(at, pooled);
  }

  private Operand<TFloat32> fullyConnected(
      Ops head, Ops tf, Operand<TFloat32> pooled, int flat, int hidden) {
    Operand<TFloat32> x = tf.reshape(pooled, tf.constant(new long[] {-1, flat}));
    x = tf.nn.relu(new Dense(head.withSubScope("fc1"), heads, flat, hidden).apply(tf, x));
    return tf.nn.relu(new Dense(head.withSubScope("fc2"), heads, hidden, hidden).apply(tf, x));
  }

  /**
   * The backbone's input: pixels in [0, 1], grey if it was trained on grey, normalised as it was.
   */
  private Operand<TFloat32> normalised(Ops tf, Operand<TUint8> images, ClassifierExport.Info info) {
    Operand<TFloat32> x = tf.math.div(tf.dtypes.cast(images, TFloat32.class), tf.constant(255f));
    if (info.modelWidth() <= 0) {
      throw new BadInputException(
          "backbone",
          config.backbone(),
          "was exported before exports recorded the model width; export its run again");
    }
    if (info.channels() == 1) {
      x = tf.math.mean(x, tf.constant(3), Mean.keepDims(true)); // a grayscale backbone
    } else if (info.channels() != 3) {
      throw new BadInputException(
          "backbone", config.backbone(), "takes " + info.channels() + " channels; 1 or 3 work");
    }
    x = tf.math.div(tf.math.sub(x, tf.constant(info.mean())), tf.constant(info.std()));
    return x;
  }

  /** A convolution's kernel and bias. */
  @SuppressWarnings("unchecked")
  private Variable<TFloat32>[] convWeights(
      Ops scope, int size, int in, int out, Parameters.Initializer init) {
    return new Variable[] {
      heads.trainable(scope, "kernel", Shape.of(size, size, in, out), init),
      heads.trainable(scope, "bias", Shape.of(out), Initializers.zeros())
    };
  }

  /** The levels' rows of anchors one after the other (ConcatV2 takes two inputs or more). */
  private static Operand<TFloat32> alongAnchors(Ops tf, List<Operand<TFloat32>> levels) {
    return levels.size() == 1 ? levels.get(0) : tf.concat(levels, tf.constant(1));
  }

  /** [B, H, W, A k] to [B, H W A, k]: one row per anchor, in {@link Anchors}' order. */
  private static Operand<TFloat32> perAnchor(Ops tf, Operand<TFloat32> x, int k) {
    Operand<TInt32> batch =
        tf.stridedSlice(
            tf.shape(x),
            tf.constant(new int[] {0}),
            tf.constant(new int[] {1}),
            tf.constant(new int[] {1}));
    return tf.reshape(x, tf.concat(List.of(batch, tf.constant(new int[] {-1, k})), tf.constant(0)));
  }

  private static Operand<TFloat32> conv(Ops tf, Operand<TFloat32> x, Variable<TFloat32>[] w) {
    return tf.nn.biasAdd(tf.nn.conv2d(x, w[0], List.of(1L, 1L, 1L, 1L), "SAME"), w[1]);
  }

  /** The deepest map of stride at most 16 (feature maps are listed shallow to deep). */
  private static String deepestUpTo16(Map<String, Integer> strides) {
    String chosen = null;
    for (Map.Entry<String, Integer> m : strides.entrySet()) {
      if (m.getValue() <= 16) {
        chosen = m.getKey();
      }
    }
    if (chosen == null) {
      throw new BadInputException("featureMap", "(absent)", "no feature map has stride <= 16");
    }
    return chosen;
  }

  /** Names of every op {@code op} depends on, itself included. */
  private static Set<String> ancestors(Operation op) {
    Set<String> seen = new HashSet<>();
    Deque<GraphOperation> todo = new ArrayDeque<>(List.of((GraphOperation) op));
    while (!todo.isEmpty()) {
      GraphOperation o = todo.pop();
      if (seen.add(o.name())) {
        for (int i = 0; i < o.numInputs(); i++) {
          todo.push((GraphOperation) o.input(i).op());
        }
        todo.addAll(o.controlInputs());
      }
    }
    return seen;
  }
}

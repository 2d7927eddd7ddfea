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
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * The graph of {@link Detector}: an exported backbone rebuilt from the export's record and run in
 * inference mode (frozen BatchNorm, as detection fine-tuning does), one of its feature maps shared
 * by the region proposal network and by RoI pooling ({@code crop_and_resize} to twice the pool
 * size, then 2x2 max pooling), a head of two fully connected layers, class scores and per-class box
 * deltas, the four losses over targets fed from Java ({@link Targets}) and an SGD step. It holds
 * only what is differentiable.
 */
final class DetectorGraph {
  /** Box deltas regressed per class (the 20 VOC classes); scores have a background class too. */
  final int classes = Voc.CLASSES.size();

  final int canvas;
  final int stride;
  final int featureHeight;
  final int featureWidth;
  final String featureMap;
  final Box[] anchors;
  final int trainableCount;

  private final DetectionConfig config;
  final Graph graph = new Graph();
  final Network backbone;
  private final Parameters heads;

  final Placeholder<TUint8> images;
  final Placeholder<TFloat32> rois;
  final Placeholder<TInt32> roiImages;

  final Operand<TFloat32> features;
  final Operand<TFloat32> rpnProbabilities;
  final Operand<TFloat32> rpnDeltas;
  final Operand<TFloat32> headProbabilities;
  final Operand<TFloat32> headDeltas;
  final DetectorLosses loss;
  final Op trainStep;

  DetectorGraph(DetectionConfig config, ClassifierExport.Info info) {
    this.config = config;
    this.canvas = config.imageSize();
    Ops tf = Ops.create(graph);
    images =
        tf.withName("images")
            .placeholder(TUint8.class, Placeholder.shape(Shape.of(-1, canvas, canvas, 3)));
    Operand<TFloat32> x = normalised(tf, images, info);
    backbone =
        Models.build(
            info.model(),
            tf,
            new Models.Spec(
                info.modelWidth(), info.channels(), info.classes(), 0, 0f, info.modelOptions()));
    Map<String, Operand<TFloat32>> maps =
        backbone.forward(tf, x, Mode.EVAL, FeatureHook.NONE).featureMaps();
    featureMap = config.featureMap() != null ? config.featureMap() : deepestUpTo16(maps);
    features = maps.get(featureMap);
    if (features == null) {
      throw new BadInputException(
          "featureMap",
          featureMap,
          "is not a feature map of " + info.model() + " " + maps.keySet());
    }
    featureHeight = (int) features.shape().get(1);
    featureWidth = (int) features.shape().get(2);
    stride = canvas / featureHeight;
    if (stride * featureHeight != canvas) {
      throw new BadInputException(
          "imageSize", canvas, "must be a multiple of feature map " + featureMap + "'s stride");
    }
    int channels = (int) features.shape().get(3);
    anchors =
        Anchors.grid(
            featureHeight, featureWidth, stride, config.anchorSizes(), config.anchorRatios());
    int perCell = config.anchorSizes().size() * config.anchorRatios().size();

    heads = new Parameters(config.seed());
    // Region proposal network.
    Ops rpn = tf.withSubScope("rpn");
    Operand<TFloat32> shared =
        tf.nn.relu(conv(rpn.withSubScope("conv"), features, 3, channels, config.rpn().channels()));
    Operand<TFloat32> logits =
        tf.reshape(
            conv(rpn.withSubScope("objectness"), shared, 1, config.rpn().channels(), 2 * perCell),
            tf.constant(new long[] {-1, anchors.length, 2}));
    rpnProbabilities = tf.nn.softmax(logits);
    rpnDeltas =
        tf.reshape(
            conv(rpn.withSubScope("deltas"), shared, 1, config.rpn().channels(), 4 * perCell),
            tf.constant(new long[] {-1, anchors.length, 4}));
    // Box head on RoIs given in crop_and_resize's normalised feature-map coordinates.
    Ops head = tf.withSubScope("box_head");
    rois = tf.withName("rois").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 4)));
    roiImages =
        tf.withName("roi_images").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    int pool = config.head().pool();
    Operand<TFloat32> crops =
        tf.image.cropAndResize(
            features, rois, roiImages, tf.constant(new int[] {2 * pool, 2 * pool}));
    Operand<TFloat32> pooled =
        tf.nn.maxPool(
            crops,
            tf.constant(new int[] {1, 2, 2, 1}),
            tf.constant(new int[] {1, 2, 2, 1}),
            "VALID");
    int flat = pool * pool * channels;
    int hidden = config.head().hidden();
    Operand<TFloat32> h = tf.reshape(pooled, tf.constant(new long[] {-1, flat}));
    h = tf.nn.relu(new Dense(head.withSubScope("fc1"), heads, flat, hidden).apply(tf, h));
    h = tf.nn.relu(new Dense(head.withSubScope("fc2"), heads, hidden, hidden).apply(tf, h));
    Operand<TFloat32> classLogits =
        new Dense(
                head.withSubScope("classes"), heads, hidden, classes + 1, Initializers.normal(0.01))
            .apply(tf, h);
    headProbabilities = tf.nn.softmax(classLogits);
    headDeltas =
        new Dense(
                head.withSubScope("deltas"), heads, hidden, 4 * classes, Initializers.normal(0.001))
            .apply(tf, h);

    loss =
        new DetectorLosses(tf, logits, rpnDeltas, classLogits, headDeltas, anchors.length, classes);

    List<Variable<TFloat32>> trained = new ArrayList<>();
    Set<String> feeding = ancestors(features.op());
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

  private Operand<TFloat32> conv(Ops scope, Operand<TFloat32> x, int size, int in, int out) {
    Variable<TFloat32> kernel =
        heads.trainable(scope, "kernel", Shape.of(size, size, in, out), Initializers.normal(0.01));
    Variable<TFloat32> bias = heads.trainable(scope, "bias", Shape.of(out), Initializers.zeros());
    return scope.nn.biasAdd(scope.nn.conv2d(x, kernel, List.of(1L, 1L, 1L, 1L), "SAME"), bias);
  }

  /** The deepest map of stride at most 16 (feature maps are listed shallow to deep). */
  private String deepestUpTo16(Map<String, Operand<TFloat32>> maps) {
    String chosen = null;
    for (Map.Entry<String, Operand<TFloat32>> m : maps.entrySet()) {
      if (canvas / m.getValue().shape().get(1) <= 16) {
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

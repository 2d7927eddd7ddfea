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
  final Placeholder<TFloat32> rpnLabels;
  final Placeholder<TFloat32> rpnWeights;
  final Placeholder<TFloat32> rpnTargets;
  final Placeholder<TFloat32> rois;
  final Placeholder<TInt32> roiImages;
  final Placeholder<TInt32> headLabels;
  final Placeholder<TFloat32> headTargets;
  final Placeholder<TFloat32> headWeights;
  final Placeholder<TFloat32> learningRate;

  final Operand<TFloat32> features;
  final Operand<TFloat32> rpnProbabilities;
  final Operand<TFloat32> rpnDeltas;
  final Operand<TFloat32> headProbabilities;
  final Operand<TFloat32> headDeltas;
  final Operand<TFloat32> rpnClassLoss;
  final Operand<TFloat32> rpnBoxLoss;
  final Operand<TFloat32> headClassLoss;
  final Operand<TFloat32> headBoxLoss;
  final Op trainStep;

  DetectorGraph(DetectionConfig config, ClassifierExport.Info info) {
    this.config = config;
    this.canvas = config.imageSize();
    Ops tf = Ops.create(graph);
    images =
        tf.withName("images")
            .placeholder(TUint8.class, Placeholder.shape(Shape.of(-1, canvas, canvas, 3)));
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

    // Losses, from targets assigned in Java.
    Ops loss = tf.withSubScope("loss");
    rpnLabels = placeholder(loss, "rpn_labels", Shape.of(-1, anchors.length));
    rpnWeights = placeholder(loss, "rpn_weights", Shape.of(-1, anchors.length));
    rpnTargets = placeholder(loss, "rpn_targets", Shape.of(-1, anchors.length, 4));
    headLabels =
        loss.withName("head_labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    headTargets = placeholder(loss, "head_targets", Shape.of(-1, 4 * classes));
    headWeights = placeholder(loss, "head_weights", Shape.of(-1, 4 * classes));
    learningRate = placeholder(loss, "learning_rate", Shape.scalar());

    Operand<TFloat32> sampled =
        loss.math.maximum(
            loss.reduceSum(rpnWeights, loss.constant(new int[] {0, 1})), loss.constant(1f));
    Operand<TFloat32> objectness =
        loss.stack(
            List.of(loss.math.sub(loss.constant(1f), rpnLabels), rpnLabels),
            org.tensorflow.op.core.Stack.axis(2L));
    Operand<TFloat32> rpnCe =
        loss.nn
            .softmaxCrossEntropyWithLogits(
                loss.reshape(logits, loss.constant(new long[] {-1, 2})),
                loss.reshape(objectness, loss.constant(new long[] {-1, 2})))
            .loss();
    rpnClassLoss =
        loss.math.div(
            loss.reduceSum(
                loss.math.mul(rpnCe, loss.reshape(rpnWeights, loss.constant(new long[] {-1}))),
                loss.constant(0)),
            sampled);
    Operand<TFloat32> rpnL1 =
        loss.reduceSum(
            smoothL1(loss, loss.math.sub(rpnDeltas, rpnTargets), 1.0 / 9), loss.constant(2));
    rpnBoxLoss =
        loss.math.div(
            loss.reduceSum(loss.math.mul(rpnL1, rpnLabels), loss.constant(new int[] {0, 1})),
            sampled);
    Operand<TFloat32> headCe =
        loss.nn
            .softmaxCrossEntropyWithLogits(
                classLogits,
                loss.oneHot(
                    headLabels, loss.constant(classes + 1), loss.constant(1f), loss.constant(0f)))
            .loss();
    headClassLoss = loss.math.mean(headCe, loss.constant(0));
    Operand<TFloat32> roiCount =
        loss.math.maximum(
            loss.dtypes.cast(loss.size(headLabels), TFloat32.class), loss.constant(1f));
    headBoxLoss =
        loss.math.div(
            loss.reduceSum(
                loss.math.mul(
                    headWeights, smoothL1(loss, loss.math.sub(headDeltas, headTargets), 1.0)),
                loss.constant(new int[] {0, 1})),
            roiCount);
    Operand<TFloat32> total =
        loss.math.add(
            loss.math.add(rpnClassLoss, rpnBoxLoss), loss.math.add(headClassLoss, headBoxLoss));

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
            .minimize(total, trained, learningRate, List.of());
  }

  private Operand<TFloat32> conv(Ops scope, Operand<TFloat32> x, int size, int in, int out) {
    Variable<TFloat32> kernel =
        heads.trainable(scope, "kernel", Shape.of(size, size, in, out), Initializers.normal(0.01));
    Variable<TFloat32> bias = heads.trainable(scope, "bias", Shape.of(out), Initializers.zeros());
    return scope.nn.biasAdd(scope.nn.conv2d(x, kernel, List.of(1L, 1L, 1L, 1L), "SAME"), bias);
  }

  private static Placeholder<TFloat32> placeholder(Ops tf, String name, Shape shape) {
    return tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(shape));
  }

  /** Huber-like smooth L1 per element: 0.5 d^2 / beta below beta, |d| - 0.5 beta above. */
  private static Operand<TFloat32> smoothL1(Ops tf, Operand<TFloat32> d, double beta) {
    Operand<TFloat32> abs = tf.math.abs(d);
    Operand<TFloat32> small = tf.math.minimum(abs, tf.constant((float) beta));
    return tf.math.add(
        tf.math.mul(tf.math.square(small), tf.constant((float) (0.5 / beta))),
        tf.math.sub(abs, small));
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

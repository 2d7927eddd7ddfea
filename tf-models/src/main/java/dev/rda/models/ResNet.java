package dev.rda.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * ResNet with bottleneck blocks for ImageNet (He et al., 2016), in the common layout with the
 * stride on the 3x3 convolution (torchvision's, "ResNet v1.5"): a 7x7 stride-2 stem with BN-ReLU
 * and a 3x3 stride-2 max pool, four stages of conv1x1-BN-ReLU-conv3x3-BN-ReLU-conv1x1-BN blocks
 * (widths w, 2w, 4w, 8w, output 4x that, projection shortcut conv1x1-BN where the shape changes,
 * ReLU after the addition), global average pooling and a linear classifier.
 *
 * <p>With w = 64 and 1000 classes ResNet-50 ([3, 4, 6, 3]) has 25,557,032 trainable parameters and
 * ResNet-101 ([3, 4, 23, 3]) 44,549,160. The stage outputs are the feature maps "C2".."C5" (strides
 * 4, 8, 16, 32) that detection reads.
 */
public final class ResNet implements Network {
  private static final float BN_MOMENTUM = 0.9f;
  private static final int EXPANSION = 4;

  private final Parameters params;
  private final Conv2d stem;
  private final BatchNorm stemBn;
  private final List<List<Bottleneck>> stages = new ArrayList<>();
  private final Dense classifier;

  public ResNet(
      Ops tf,
      long seed,
      String name,
      int[] blocksPerStage,
      int width,
      int inChannels,
      int classes,
      boolean zeroInitLastBn) {
    params = new Parameters(seed);
    Ops scope = tf.withSubScope(name);
    stem = new Conv2d(scope.withSubScope("stem"), params, inChannels, width, 7, 2);
    stemBn = new BatchNorm(scope.withSubScope("stem_bn"), params, width, BN_MOMENTUM);
    int in = width;
    for (int s = 0; s < blocksPerStage.length; s++) {
      int mid = width << s;
      Ops stage = scope.withSubScope("stage" + (s + 1));
      List<Bottleneck> blocks = new ArrayList<>();
      for (int b = 0; b < blocksPerStage[s]; b++) {
        int stride = (s > 0 && b == 0) ? 2 : 1;
        Ops blockScope = stage.withSubScope("block" + (b + 1));
        blocks.add(new Bottleneck(blockScope, params, in, mid, stride, zeroInitLastBn));
        in = mid * EXPANSION;
      }
      stages.add(blocks);
    }
    classifier = new Dense(scope.withSubScope("classifier"), params, in, classes);
  }

  public static ResNet resnet50(
      Ops tf, long seed, int width, int inChannels, int classes, boolean zeroInitLastBn) {
    return new ResNet(
        tf, seed, "resnet50", new int[] {3, 4, 6, 3}, width, inChannels, classes, zeroInitLastBn);
  }

  public static ResNet resnet101(
      Ops tf, long seed, int width, int inChannels, int classes, boolean zeroInitLastBn) {
    return new ResNet(
        tf, seed, "resnet101", new int[] {3, 4, 23, 3}, width, inChannels, classes, zeroInitLastBn);
  }

  @Override
  public Outputs forward(Ops tf, Operand<TFloat32> images, Mode mode, FeatureHook hook) {
    Operand<TFloat32> x = stem.apply(tf, hook.at(tf, 0, images));
    x = tf.nn.relu(stemBn.apply(tf, x, mode));
    // Zero padding equals the usual -inf padding here: the input is a ReLU output, >= 0.
    x = tf.pad(x, tf.constant(new int[][] {{0, 0}, {1, 1}, {1, 1}, {0, 0}}), tf.constant(0f));
    x =
        tf.nn.maxPool(
            x, tf.constant(new int[] {1, 3, 3, 1}), tf.constant(new int[] {1, 2, 2, 1}), "VALID");
    Map<String, Operand<TFloat32>> maps = new LinkedHashMap<>();
    x = Stages.run(tf, x, stages, mode, hook, mixingPoints(), s -> "C" + (s + 1), maps);
    return Stages.classify(tf, x, classifier, maps);
  }

  @Override
  public Parameters parameters() {
    return params;
  }

  @Override
  public java.util.Optional<String> lastStageInput() {
    return java.util.Optional.of("C" + stages.size());
  }

  @Override
  public Operand<TFloat32> lastStage(Ops tf, Operand<TFloat32> x, Mode mode) {
    for (Bottleneck block : stages.get(stages.size() - 1)) {
      x = block.apply(tf, x, mode);
    }
    return x;
  }

  private static final class Bottleneck implements Stages.Block {
    private final Conv2d conv1;
    private final BatchNorm bn1;
    private final Conv2d conv2;
    private final BatchNorm bn2;
    private final Conv2d conv3;
    private final BatchNorm bn3;
    private final Conv2d projection; // null for identity
    private final BatchNorm projectionBn;

    Bottleneck(Ops scope, Parameters params, int in, int mid, int stride, boolean zeroInitLast) {
      int out = mid * EXPANSION;
      conv1 = new Conv2d(scope.withSubScope("conv1"), params, in, mid, 1, 1);
      bn1 = new BatchNorm(scope.withSubScope("bn1"), params, mid, BN_MOMENTUM);
      conv2 = new Conv2d(scope.withSubScope("conv2"), params, mid, mid, 3, stride);
      bn2 = new BatchNorm(scope.withSubScope("bn2"), params, mid, BN_MOMENTUM);
      conv3 = new Conv2d(scope.withSubScope("conv3"), params, mid, out, 1, 1);
      bn3 =
          new BatchNorm(
              scope.withSubScope("bn3"),
              params,
              out,
              BN_MOMENTUM,
              zeroInitLast ? Initializers.zeros() : Initializers.ones());
      boolean project = stride != 1 || in != out;
      projection =
          project ? new Conv2d(scope.withSubScope("shortcut"), params, in, out, 1, stride) : null;
      projectionBn =
          project
              ? new BatchNorm(scope.withSubScope("shortcut_bn"), params, out, BN_MOMENTUM)
              : null;
    }

    @Override
    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Mode mode) {
      Operand<TFloat32> y = tf.nn.relu(bn1.apply(tf, conv1.apply(tf, x), mode));
      y = tf.nn.relu(bn2.apply(tf, conv2.apply(tf, y), mode));
      y = bn3.apply(tf, conv3.apply(tf, y), mode);
      Operand<TFloat32> skip =
          projection == null ? x : projectionBn.apply(tf, projection.apply(tf, x), mode);
      return tf.nn.relu(tf.math.add(y, skip));
    }
  }
}

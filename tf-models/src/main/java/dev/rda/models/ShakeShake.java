package dev.rda.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Shake-Shake regularised ResNet (Gastaldi, 2017) for CIFAR, "shake-shake-image": a 3x3 stem of 16
 * channels with BN, three stages of residual blocks with widths d, 2d, 4d and strides 1, 2, 2, each
 * block two branches of ReLU-conv3x3-BN-ReLU-conv3x3-BN combined by {@link Shake}, then ReLU,
 * global average pooling and a linear classifier.
 *
 * <p>Where the shape changes the shortcut is the paper's: ReLU, then two paths each subsampled by
 * the stride (the second shifted by one pixel first) and projected by a 1x1 convolution to half the
 * channels, concatenated and batch-normalised.
 *
 * <p>Shake-Shake 26 2x96d (depth 26 = 2 + 6 x 4 blocks, d = 96) on CIFAR-10 has 26,192,922
 * trainable parameters, the paper's "26.2M": the branch convolutions hold 26,072,064 of them, the
 * BatchNorms 22,880 (scale and offset), the three projection shortcuts 93,696, the stem 432 and the
 * classifier 3,850.
 */
public final class ShakeShake implements Network {
  private static final float BN_MOMENTUM = 0.9f;
  private static final int STEM = 16;

  private final Parameters params;
  private final Conv2d stem;
  private final BatchNorm stemBn;
  private final List<List<Block>> stages = new ArrayList<>();
  private final Dense classifier;

  /** Shake-Shake {@code depth} 2x{@code width}d. */
  public ShakeShake(Ops tf, long seed, int depth, int width, int inChannels, int classes) {
    if ((depth - 2) % 6 != 0) {
      throw new IllegalArgumentException("Shake-Shake depth must be 6n + 2, got " + depth);
    }
    int n = (depth - 2) / 6;
    params = new Parameters(seed);
    Ops scope = tf.withSubScope("shake_shake");
    stem = new Conv2d(scope.withSubScope("stem"), params, inChannels, STEM, 3, 1);
    stemBn = new BatchNorm(scope.withSubScope("stem_bn"), params, STEM, BN_MOMENTUM);
    int in = STEM;
    for (int s = 0; s < 3; s++) {
      int out = width << s;
      Ops stage = scope.withSubScope("stage" + (s + 1));
      List<Block> blocks = new ArrayList<>();
      for (int b = 0; b < n; b++) {
        int stride = (s > 0 && b == 0) ? 2 : 1;
        blocks.add(new Block(stage.withSubScope("block" + (b + 1)), params, in, out, stride));
        in = out;
      }
      stages.add(blocks);
    }
    classifier = new Dense(scope.withSubScope("classifier"), params, in, classes);
  }

  @Override
  public Outputs forward(Ops tf, Operand<TFloat32> images, Mode mode, FeatureHook hook) {
    Operand<TFloat32> x = stemBn.apply(tf, stem.apply(tf, hook.at(tf, 0, images)), mode);
    Map<String, Operand<TFloat32>> maps = new LinkedHashMap<>();
    x = Stages.run(tf, x, stages, mode, hook, mixingPoints(), s -> "stage" + s, maps);
    // The last stage's map is what the classifier sees: after the final ReLU.
    x = tf.nn.relu(x);
    maps.put("stage" + stages.size(), x);
    return Stages.classify(tf, x, classifier, maps);
  }

  @Override
  public Parameters parameters() {
    return params;
  }

  private static final class Block implements Stages.Block {
    private final Branch left;
    private final Branch right;
    private final Shake shake;
    private final Shortcut shortcut; // null for identity

    Block(Ops scope, Parameters params, int in, int out, int stride) {
      left = new Branch(scope.withSubScope("branch1"), params, in, out, stride);
      right = new Branch(scope.withSubScope("branch2"), params, in, out, stride);
      shake = new Shake(params);
      shortcut =
          (stride != 1 || in != out)
              ? new Shortcut(scope.withSubScope("shortcut"), params, in, out, stride)
              : null;
    }

    @Override
    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Mode mode) {
      Operand<TFloat32> skip = shortcut == null ? x : shortcut.apply(tf, x, mode);
      return tf.math.add(
          shake.apply(tf, left.apply(tf, x, mode), right.apply(tf, x, mode), mode), skip);
    }
  }

  /** ReLU-conv3x3-BN-ReLU-conv3x3-BN. */
  private static final class Branch {
    private final Conv2d conv1;
    private final BatchNorm bn1;
    private final Conv2d conv2;
    private final BatchNorm bn2;

    Branch(Ops scope, Parameters params, int in, int out, int stride) {
      conv1 = new Conv2d(scope.withSubScope("conv1"), params, in, out, 3, stride);
      bn1 = new BatchNorm(scope.withSubScope("bn1"), params, out, BN_MOMENTUM);
      conv2 = new Conv2d(scope.withSubScope("conv2"), params, out, out, 3, 1);
      bn2 = new BatchNorm(scope.withSubScope("bn2"), params, out, BN_MOMENTUM);
    }

    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Mode mode) {
      Operand<TFloat32> y = bn1.apply(tf, conv1.apply(tf, tf.nn.relu(x)), mode);
      return bn2.apply(tf, conv2.apply(tf, tf.nn.relu(y)), mode);
    }
  }

  /** Two subsampled 1x1 projections to half the channels, one shifted by a pixel, then BN. */
  private static final class Shortcut {
    private final int stride;
    private final Conv2d path1;
    private final Conv2d path2;
    private final BatchNorm bn;

    Shortcut(Ops scope, Parameters params, int in, int out, int stride) {
      this.stride = stride;
      path1 = new Conv2d(scope.withSubScope("path1"), params, in, out / 2, 1, 1);
      path2 = new Conv2d(scope.withSubScope("path2"), params, in, out / 2, 1, 1);
      bn = new BatchNorm(scope.withSubScope("bn"), params, out, BN_MOMENTUM);
    }

    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Mode mode) {
      Operand<TFloat32> r = tf.nn.relu(x);
      // Shift up-left by one pixel, zero-filling the last row and column.
      Operand<TFloat32> shifted =
          tf.pad(
              tf.stridedSlice(
                  r,
                  tf.constant(new int[] {0, 1, 1, 0}),
                  tf.constant(new int[] {0, 0, 0, 0}),
                  tf.constant(new int[] {1, 1, 1, 1}),
                  org.tensorflow.op.core.StridedSlice.beginMask(9L),
                  org.tensorflow.op.core.StridedSlice.endMask(15L)),
              tf.constant(new int[][] {{0, 0}, {0, 1}, {0, 1}, {0, 0}}),
              tf.constant(0f));
      Operand<TFloat32> a = path1.apply(tf, subsample(tf, r));
      Operand<TFloat32> b = path2.apply(tf, subsample(tf, shifted));
      return bn.apply(tf, tf.concat(List.of(a, b), tf.constant(3)), mode);
    }

    /** Average pooling with a 1x1 window and the stride: every stride-th pixel. */
    private Operand<TFloat32> subsample(Ops tf, Operand<TFloat32> x) {
      if (stride == 1) {
        return x;
      }
      return tf.stridedSlice(
          x,
          tf.constant(new int[] {0, 0, 0, 0}),
          tf.constant(new int[] {0, 0, 0, 0}),
          tf.constant(new int[] {1, stride, stride, 1}),
          org.tensorflow.op.core.StridedSlice.beginMask(15L),
          org.tensorflow.op.core.StridedSlice.endMask(15L));
    }
  }
}

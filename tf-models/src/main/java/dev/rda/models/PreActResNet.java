package dev.rda.models;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Pre-activation ResNet (He et al., "Identity Mappings in Deep Residual Networks", 2016) in its
 * CIFAR layout: a 3x3 stem, four stages of basic pre-activation blocks with widths w, 2w, 4w, 8w,
 * strides 1, 2, 2, 2, then the final BN-ReLU of the pre-activation design, global average pooling
 * and a linear classifier. PreActResNet-18 has two blocks per stage; with w = 64 and 10 classes it
 * has 11,172,170 trainable parameters (11,171,146 without the final BN).
 */
public final class PreActResNet implements Network {
  private static final float BN_MOMENTUM = 0.9f;

  private final Parameters params;
  private final Conv2d stem;
  private final List<Block> blocks = new ArrayList<>();

  /** Index in {@link #blocks} of the last block of each stage. */
  private final List<Integer> stageEnds = new ArrayList<>();

  private final BatchNorm finalBn;
  private final Dense classifier;

  public PreActResNet(
      Ops tf, long seed, int[] blocksPerStage, int width, int inChannels, int classes) {
    params = new Parameters(seed);
    Ops scope = tf.withSubScope("preact_resnet");
    stem = new Conv2d(scope.withSubScope("stem"), params, inChannels, width, 3, 1);
    int in = width;
    for (int s = 0; s < blocksPerStage.length; s++) {
      int out = width << s;
      Ops stage = scope.withSubScope("stage" + (s + 1));
      for (int b = 0; b < blocksPerStage[s]; b++) {
        int stride = (s > 0 && b == 0) ? 2 : 1;
        blocks.add(new Block(stage.withSubScope("block" + (b + 1)), params, in, out, stride));
        in = out;
      }
      stageEnds.add(blocks.size() - 1);
    }
    finalBn = new BatchNorm(scope.withSubScope("final_bn"), params, in, BN_MOMENTUM);
    classifier = new Dense(scope.withSubScope("classifier"), params, in, classes);
  }

  /** PreActResNet-18: [2, 2, 2, 2] blocks. */
  public static PreActResNet resnet18(Ops tf, long seed, int width, int inChannels, int classes) {
    return new PreActResNet(tf, seed, new int[] {2, 2, 2, 2}, width, inChannels, classes);
  }

  @Override
  public Operand<TFloat32> logits(Ops tf, Operand<TFloat32> images, Mode mode, FeatureHook hook) {
    Operand<TFloat32> x = stem.apply(tf, hook.at(tf, 0, images));
    for (int i = 0; i < blocks.size(); i++) {
      x = blocks.get(i).apply(tf, x, mode);
      int stage = stageEnds.indexOf(i) + 1;
      if (stage > 0 && stage < mixingPoints()) {
        x = hook.at(tf, stage, x);
      }
    }
    x = tf.nn.relu(finalBn.apply(tf, x, mode));
    Operand<TFloat32> pooled = tf.math.mean(x, tf.constant(new int[] {1, 2}));
    return classifier.apply(tf, pooled);
  }

  /** The input and the outputs of stages 1 and 2, as in Manifold Mixup's PreActResNet. */
  @Override
  public int mixingPoints() {
    return 3;
  }

  @Override
  public Parameters parameters() {
    return params;
  }

  /** BN-ReLU-conv3x3-BN-ReLU-conv3x3, with a 1x1 projection shortcut when the shape changes. */
  private static final class Block {
    private final BatchNorm bn1;
    private final Conv2d conv1;
    private final BatchNorm bn2;
    private final Conv2d conv2;
    private final Conv2d shortcut; // null for identity

    Block(Ops scope, Parameters params, int in, int out, int stride) {
      bn1 = new BatchNorm(scope.withSubScope("bn1"), params, in, BN_MOMENTUM);
      conv1 = new Conv2d(scope.withSubScope("conv1"), params, in, out, 3, stride);
      bn2 = new BatchNorm(scope.withSubScope("bn2"), params, out, BN_MOMENTUM);
      conv2 = new Conv2d(scope.withSubScope("conv2"), params, out, out, 3, 1);
      shortcut =
          (stride != 1 || in != out)
              ? new Conv2d(scope.withSubScope("shortcut"), params, in, out, 1, stride)
              : null;
    }

    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Mode mode) {
      Operand<TFloat32> pre = tf.nn.relu(bn1.apply(tf, x, mode));
      // The projection reads the pre-activated input, as in the pre-activation paper's code.
      Operand<TFloat32> skip = shortcut == null ? x : shortcut.apply(tf, pre);
      Operand<TFloat32> y = conv1.apply(tf, pre);
      y = conv2.apply(tf, tf.nn.relu(bn2.apply(tf, y, mode)));
      return tf.math.add(y, skip);
    }
  }
}

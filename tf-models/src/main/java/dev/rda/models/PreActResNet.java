package dev.rda.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Pre-activation residual networks in their CIFAR layout: a 3x3 stem, stages of basic
 * pre-activation blocks (BN-ReLU-conv3x3-BN-ReLU-[dropout]-conv3x3, 1x1 projection when the shape
 * changes), the final BN-ReLU of the pre-activation design, global average pooling and a linear
 * classifier. Two families share it:
 *
 * <ul>
 *   <li>PreActResNet-18 (He et al., 2016, "Identity Mappings"): stem w, stages w, 2w, 4w, 8w of two
 *       blocks, strides 1, 2, 2, 2. With w = 64 and 10 classes it has 11,172,170 trainable
 *       parameters; layouts that drop the final BN (some CIFAR ports) have 11,171,146. The final
 *       BN-ReLU is kept because the design's last block ends on a convolution, whose output would
 *       otherwise reach the pooling un-normalised and un-rectified.
 *   <li>WideResNet-d-k (Zagoruyko and Komodakis, 2016): stem 16, three stages of (d - 4) / 6
 *       blocks, widths 16k, 32k, 64k, strides 1, 2, 2, dropout between the convolutions of a block.
 *       WRN-28-10 on CIFAR-10: 36,479,194.
 * </ul>
 *
 * <p>Feature maps are named "stage1".."stageN" (the last after the final BN-ReLU).
 */
public final class PreActResNet implements Network {
  private static final float BN_MOMENTUM = 0.9f;

  /** The shape of one network of the family. */
  public record Layout(String scope, int stem, int[] widths, int[] blocks, int[] strides) {}

  private final Parameters params;
  private final Conv2d stem;
  private final List<List<Block>> stages = new ArrayList<>();
  private final BatchNorm finalBn;
  private final Dense classifier;

  public PreActResNet(
      Ops tf, long seed, Layout layout, float dropout, int inChannels, int classes) {
    params = new Parameters(seed);
    Ops scope = tf.withSubScope(layout.scope());
    stem = new Conv2d(scope.withSubScope("stem"), params, inChannels, layout.stem(), 3, 1);
    int in = layout.stem();
    for (int s = 0; s < layout.widths().length; s++) {
      int out = layout.widths()[s];
      Ops stage = scope.withSubScope("stage" + (s + 1));
      List<Block> blocks = new ArrayList<>();
      for (int b = 0; b < layout.blocks()[s]; b++) {
        int stride = b == 0 ? layout.strides()[s] : 1;
        Ops blockScope = stage.withSubScope("block" + (b + 1));
        blocks.add(new Block(blockScope, params, in, out, stride, dropout));
        in = out;
      }
      stages.add(blocks);
    }
    finalBn = new BatchNorm(scope.withSubScope("final_bn"), params, in, BN_MOMENTUM);
    classifier = new Dense(scope.withSubScope("classifier"), params, in, classes);
  }

  /** PreActResNet-18: [2, 2, 2, 2] blocks, stem and first stage {@code width} channels. */
  public static PreActResNet resnet18(Ops tf, long seed, int width, int inChannels, int classes) {
    Layout layout =
        new Layout(
            "preact_resnet",
            width,
            new int[] {width, 2 * width, 4 * width, 8 * width},
            new int[] {2, 2, 2, 2},
            new int[] {1, 2, 2, 2});
    return new PreActResNet(tf, seed, layout, 0f, inChannels, classes);
  }

  /** WideResNet-{@code depth}-{@code k} with {@code dropout} inside each block. */
  public static PreActResNet wide(
      Ops tf, long seed, int depth, int k, float dropout, int inChannels, int classes) {
    if ((depth - 4) % 6 != 0) {
      throw new IllegalArgumentException("WideResNet depth must be 6n + 4, got " + depth);
    }
    int n = (depth - 4) / 6;
    Layout layout =
        new Layout(
            "wide_resnet",
            16,
            new int[] {16 * k, 32 * k, 64 * k},
            new int[] {n, n, n},
            new int[] {1, 2, 2});
    return new PreActResNet(tf, seed, layout, dropout, inChannels, classes);
  }

  @Override
  public Outputs forward(Ops tf, Operand<TFloat32> images, Mode mode, FeatureHook hook) {
    Operand<TFloat32> x = stem.apply(tf, hook.at(tf, 0, images));
    Map<String, Operand<TFloat32>> maps = new java.util.LinkedHashMap<>();
    x = Stages.run(tf, x, stages, mode, hook, mixingPoints(), s -> "stage" + s, maps);
    // The last stage's map is what the classifier sees: after the final BN-ReLU.
    x = tf.nn.relu(finalBn.apply(tf, x, mode));
    maps.put("stage" + stages.size(), x);
    return Stages.classify(tf, x, classifier, maps);
  }

  @Override
  public Parameters parameters() {
    return params;
  }

  @Override
  public java.util.Optional<String> lastStageInput() {
    return java.util.Optional.of("stage" + (stages.size() - 1));
  }

  @Override
  public Operand<TFloat32> lastStage(Ops tf, Operand<TFloat32> x, Mode mode) {
    for (Block block : stages.get(stages.size() - 1)) {
      x = block.apply(tf, x, mode);
    }
    return tf.nn.relu(finalBn.apply(tf, x, mode));
  }

  /** BN-ReLU-conv3x3-BN-ReLU-[dropout]-conv3x3, with a 1x1 projection when the shape changes. */
  private static final class Block implements Stages.Block {
    private final BatchNorm bn1;
    private final Conv2d conv1;
    private final BatchNorm bn2;
    private final Dropout dropout;
    private final Conv2d conv2;
    private final Conv2d shortcut; // null for identity

    Block(Ops scope, Parameters params, int in, int out, int stride, float dropoutRate) {
      bn1 = new BatchNorm(scope.withSubScope("bn1"), params, in, BN_MOMENTUM);
      conv1 = new Conv2d(scope.withSubScope("conv1"), params, in, out, 3, stride);
      bn2 = new BatchNorm(scope.withSubScope("bn2"), params, out, BN_MOMENTUM);
      dropout = new Dropout(params, dropoutRate);
      conv2 = new Conv2d(scope.withSubScope("conv2"), params, out, out, 3, 1);
      shortcut =
          (stride != 1 || in != out)
              ? new Conv2d(scope.withSubScope("shortcut"), params, in, out, 1, stride)
              : null;
    }

    @Override
    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Mode mode) {
      Operand<TFloat32> pre = tf.nn.relu(bn1.apply(tf, x, mode));
      // The projection reads the pre-activated input, as in both papers' code.
      Operand<TFloat32> skip = shortcut == null ? x : shortcut.apply(tf, pre);
      Operand<TFloat32> y = conv1.apply(tf, pre);
      y = dropout.apply(tf, tf.nn.relu(bn2.apply(tf, y, mode)), mode);
      return tf.math.add(conv2.apply(tf, y), skip);
    }
  }
}

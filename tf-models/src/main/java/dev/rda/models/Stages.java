package dev.rda.models;

import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The residual stages of a network, run the same way by every family. */
final class Stages {
  private Stages() {}

  /** A residual block of any family. */
  interface Block {
    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Mode mode);
  }

  /**
   * Runs {@code stages} on {@code x}; records each stage's output in {@code maps} under {@code
   * name(s)} (s from 1), and passes the outputs of stages 1 .. {@code mixingPoints} - 1 through
   * {@code hook} (after recording them, so feature maps are never mixed ones).
   */
  static Operand<TFloat32> run(
      Ops tf,
      Operand<TFloat32> x,
      List<? extends List<? extends Block>> stages,
      Mode mode,
      FeatureHook hook,
      int mixingPoints,
      IntFunction<String> name,
      Map<String, Operand<TFloat32>> maps) {
    for (int s = 0; s < stages.size(); s++) {
      for (Block block : stages.get(s)) {
        x = block.apply(tf, x, mode);
      }
      maps.put(name.apply(s + 1), x);
      if (s + 1 < mixingPoints) {
        x = hook.at(tf, s + 1, x);
      }
    }
    return x;
  }

  /** Global average pooling, then the classifier. */
  static Network.Outputs classify(
      Ops tf, Operand<TFloat32> x, Dense classifier, Map<String, Operand<TFloat32>> maps) {
    Operand<TFloat32> pooled = tf.math.mean(x, tf.constant(new int[] {1, 2}));
    return new Network.Outputs(classifier.apply(tf, pooled), pooled, maps);
  }
}

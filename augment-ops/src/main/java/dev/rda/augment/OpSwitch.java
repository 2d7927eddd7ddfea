package dev.rda.augment;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Runs exactly one of several AutoAugment operations on an image, chosen at run time: a {@code
 * StatelessCase} over one small function per operation, so an image pays only for the operation it
 * gets. Index {@code choices.size()} is the identity.
 */
final class OpSwitch {
  /** One branch: an operation at a level (null op = identity). */
  record Choice(AutoAugmentOp op, double level) {}

  private final List<ConcreteFunction> branches = new ArrayList<>();

  OpSwitch(Shape image, List<Choice> choices, float[] fill) {
    for (Choice c : choices) {
      branches.add(branch(image, c, fill));
    }
    branches.add(branch(image, new Choice(null, 0), fill));
  }

  /** The identity's index. */
  int identity() {
    return branches.size() - 1;
  }

  Operand<TFloat32> apply(
      Ops tf, Operand<TFloat32> px, Operand<TInt32> index, Operand<TInt64> seed) {
    @SuppressWarnings("unchecked")
    Operand<TFloat32> out =
        (Operand<TFloat32>)
            tf.statelessCase(index, List.of(px, seed), List.of(TFloat32.class), branches)
                .output()
                .get(0);
    return tf.ensureShape(out, px.shape());
  }

  private static ConcreteFunction branch(Shape image, Choice c, float[] fill) {
    return ConcreteFunction.create(
        f -> {
          var px = f.placeholder(TFloat32.class, Placeholder.shape(image));
          var seed = f.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
          Operand<TFloat32> out =
              c.op() == null
                  ? f.identity(px)
                  : c.op().apply(f, px, c.level(), Draws.random(f, image, seed, null), fill);
          return Signature.builder()
              .input("in0_px", px)
              .input("in1_seed", seed)
              .output("out", out)
              .build();
        });
  }

  /** One step of a chain: the branch to run if the step applies, and the seed for its draws. */
  record Step(OpSwitch ops, Operand<TInt32> choice, Operand<TBool> applied, Operand<TInt64> seed) {}

  /**
   * Runs {@code steps} in order on the uint8 values of an image in [0, 1]. An image no step touched
   * comes back exactly as it came, not through a round trip to uint8.
   */
  static Operand<TFloat32> chain(Ops tf, Operand<TFloat32> image, List<Step> steps) {
    Operand<TFloat32> px = tf.math.round(tf.math.mul(image, tf.constant(255f)));
    Operand<TBool> touched = tf.constant(false);
    for (Step step : steps) {
      Operand<TInt32> index =
          tf.select(step.applied(), step.choice(), tf.constant(step.ops().identity()));
      px = step.ops().apply(tf, px, index, step.seed());
      touched = tf.math.logicalOr(touched, step.applied());
    }
    return tf.select(touched, tf.math.div(px, tf.constant(255f)), image);
  }
}

package dev.rda.augment;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * AutoAugment with a policy: per image one sub-policy chosen uniformly, then each of its steps
 * applied with its probability times the run-time strength (strength 0: the image passes
 * unchanged). Emptied pixels get {@code fill} (0-255).
 */
public record AutoAugment(Policy policy, float fill) implements SampleAugmentation {

  public AutoAugment {
    PilOps.checkFill("autoaugment", fill);
  }

  @Override
  public Operand<TFloat32> apply(
      Ops tf, Operand<TFloat32> image, Operand<TFloat32> strength, Operand<TInt64> seed) {
    List<List<Policy.Step>> subs = policy.subPolicies();
    Operand<TInt32> chosen = Draws.index(tf, subs.size(), Seeds.derive(tf, seed, 0));
    List<OpSwitch.Step> steps = new ArrayList<>();
    for (int j = 0; j < policy.depth(); j++) {
      List<OpSwitch.Choice> choices = new ArrayList<>();
      float[] probabilities = new float[subs.size()];
      for (int k = 0; k < subs.size(); k++) {
        Policy.Step step = subs.get(k).get(j);
        choices.add(new OpSwitch.Choice(step.op(), step.level()));
        probabilities[k] = (float) step.probability();
      }
      Operand<TFloat32> p =
          tf.math.mul(tf.gather(tf.constant(probabilities), chosen, tf.constant(0)), strength);
      steps.add(
          new OpSwitch.Step(
              new OpSwitch(image.shape(), choices, new float[] {fill}),
              chosen,
              Draws.chance(tf, p, Seeds.derive(tf, seed, 1 + 2 * j)),
              Seeds.derive(tf, seed, 2 + 2 * j)));
    }
    return OpSwitch.chain(tf, image, steps);
  }
}

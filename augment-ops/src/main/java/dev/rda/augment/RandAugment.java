package dev.rda.augment;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * RandAugment (Cubuk et al., 2020): {@code n} operations in a row, each drawn uniformly from 14
 * (the identity and 13 AutoAugment operations) at the one magnitude {@code m} (0-10, the
 * AutoAugment mapping). Each is applied with probability equal to the run-time strength.
 */
public record RandAugment(int n, double m, float fill) implements SampleAugmentation {

  static final List<AutoAugmentOp> OPS =
      List.of(
          AutoAugmentOp.AUTO_CONTRAST,
          AutoAugmentOp.EQUALIZE,
          AutoAugmentOp.ROTATE,
          AutoAugmentOp.SOLARIZE,
          AutoAugmentOp.COLOR,
          AutoAugmentOp.POSTERIZE,
          AutoAugmentOp.CONTRAST,
          AutoAugmentOp.BRIGHTNESS,
          AutoAugmentOp.SHARPNESS,
          AutoAugmentOp.SHEAR_X,
          AutoAugmentOp.SHEAR_Y,
          AutoAugmentOp.TRANSLATE_X,
          AutoAugmentOp.TRANSLATE_Y);

  public RandAugment {
    if (n < 1) {
      throw new IllegalArgumentException("randaugment: n must be >= 1, got " + n);
    }
    if (m < 0 || m > 10) {
      throw new IllegalArgumentException("randaugment: m must be in [0, 10], got " + m);
    }
    PilOps.checkFill("randaugment", fill);
  }

  @Override
  public Operand<TFloat32> apply(
      Ops tf, Operand<TFloat32> image, Operand<TFloat32> strength, Operand<TInt64> seed) {
    OpSwitch ops =
        new OpSwitch(
            image.shape(),
            OPS.stream().map(op -> new OpSwitch.Choice(op, m)).toList(),
            new float[] {fill});
    List<OpSwitch.Step> steps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // Uniform over the 13 operations and the identity (the switch's last index).
      steps.add(
          new OpSwitch.Step(
              ops,
              Draws.index(tf, OPS.size() + 1, Seeds.derive(tf, seed, 3 * i)),
              Draws.chance(tf, strength, Seeds.derive(tf, seed, 3 * i + 1)),
              Seeds.derive(tf, seed, 3 * i + 2)));
    }
    return OpSwitch.chain(tf, image, steps);
  }
}

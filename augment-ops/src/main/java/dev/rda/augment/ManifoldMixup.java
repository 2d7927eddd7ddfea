package dev.rda.augment;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Manifold Mixup (Verma et al., 2019): Mixup at a point chosen per batch uniformly among the first
 * {@code points} mixing points of the network (0 = the input, k = the output of stage k;
 * PreActResNet offers 3). The pipeline draws lambda ~ Beta(gamma * s, gamma * s), the partner
 * permutation and the point, mixes the labels, and hands the rest to the network as a {@link
 * FeatureMix}; at strength 0 lambda is 1 and nothing changes.
 */
public record ManifoldMixup(double gamma, int points) implements BatchAugmentation {

  public ManifoldMixup {
    if (!(gamma > 0)) {
      throw new IllegalArgumentException("manifold-mixup: gamma must be > 0, got " + gamma);
    }
    if (points < 1) {
      throw new IllegalArgumentException("manifold-mixup: points must be >= 1, got " + points);
    }
  }

  @Override
  public Batch apply(Ops tf, Batch batch, Operand<TFloat32> strength, Operand<TInt64> seed) {
    Operand<TFloat32> lambda = new Mixup(gamma).lambda(tf, strength, Seeds.derive(tf, seed, 0));
    Operand<TInt32> partner = Mixup.permutation(tf, batch.images(), Seeds.derive(tf, seed, 1));
    Operand<TInt32> point = Draws.index(tf, points, Seeds.derive(tf, seed, 2));
    return new Batch(
        batch.images(),
        Mixup.mix(tf, batch.labels(), partner, lambda),
        new FeatureMix(lambda, partner, point));
  }
}

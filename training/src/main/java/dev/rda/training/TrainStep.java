package dev.rda.training;

import dev.rda.models.FeatureHook;
import dev.rda.models.Mode;
import dev.rda.models.Network;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * One training step over a network's TRAIN path: mean soft-label cross-entropy of a batch (labels
 * are probability rows, as Mixup and CutMix make them), gradients for the trainable weights, the
 * SGD update, and the BatchNorm statistic updates. Training and the benchmark build it the same
 * way.
 *
 * @param loss the batch's mean loss, fetched with {@link #update}
 * @param update the op that runs the step
 */
public record TrainStep(Operand<TFloat32> loss, Op update) {

  public static TrainStep build(
      Ops tf,
      Network net,
      Operand<TFloat32> images,
      Operand<TFloat32> labels,
      FeatureHook hook,
      MomentumSgd sgd,
      Operand<TFloat32> learningRate) {
    Ops train = tf.withSubScope("train");
    Operand<TFloat32> logits = net.forward(train, images, Mode.TRAIN, hook).logits();
    Operand<TFloat32> loss =
        train.math.mean(
            train.nn.softmaxCrossEntropyWithLogits(logits, labels).loss(), train.constant(0));
    Op update =
        sgd.minimize(loss, net.parameters().trainable(), learningRate, net.parameters().updates());
    return new TrainStep(loss, update);
  }
}

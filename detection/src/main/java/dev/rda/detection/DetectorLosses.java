package dev.rda.detection;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Faster R-CNN's four losses over targets assigned in Java ({@link Targets}) and fed: the RPN's
 * objectness cross-entropy and smooth-L1 box loss over the sampled anchors (both divided by the
 * number sampled), the head's class cross-entropy over the sampled RoIs and its smooth-L1 box loss
 * on the true class's deltas (divided by the number of RoIs).
 */
final class DetectorLosses {
  final Placeholder<TFloat32> rpnLabels;
  final Placeholder<TFloat32> rpnWeights;
  final Placeholder<TFloat32> rpnTargets;
  final Placeholder<TInt32> headLabels;
  final Placeholder<TFloat32> headTargets;
  final Placeholder<TFloat32> headWeights;
  final Placeholder<TFloat32> learningRate;
  final Operand<TFloat32> rpnClassLoss;
  final Operand<TFloat32> rpnBoxLoss;
  final Operand<TFloat32> headClassLoss;
  final Operand<TFloat32> headBoxLoss;
  final Operand<TFloat32> total;

  DetectorLosses(
      Ops tf,
      Operand<TFloat32> logits,
      Operand<TFloat32> rpnDeltas,
      Operand<TFloat32> classLogits,
      Operand<TFloat32> headDeltas,
      int classes) {
    Ops loss = tf.withSubScope("loss");
    rpnLabels = placeholder(loss, "rpn_labels", Shape.of(-1, -1));
    rpnWeights = placeholder(loss, "rpn_weights", Shape.of(-1, -1));
    rpnTargets = placeholder(loss, "rpn_targets", Shape.of(-1, -1, 4));
    headLabels =
        loss.withName("head_labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    headTargets = placeholder(loss, "head_targets", Shape.of(-1, 4 * classes));
    headWeights = placeholder(loss, "head_weights", Shape.of(-1, 4 * classes));
    learningRate = placeholder(loss, "learning_rate", Shape.scalar());

    Operand<TFloat32> sampled =
        loss.math.maximum(
            loss.reduceSum(rpnWeights, loss.constant(new int[] {0, 1})), loss.constant(1f));
    Operand<TFloat32> objectness =
        loss.stack(
            List.of(loss.math.sub(loss.constant(1f), rpnLabels), rpnLabels),
            org.tensorflow.op.core.Stack.axis(2L));
    Operand<TFloat32> rpnCe =
        loss.nn
            .softmaxCrossEntropyWithLogits(
                loss.reshape(logits, loss.constant(new long[] {-1, 2})),
                loss.reshape(objectness, loss.constant(new long[] {-1, 2})))
            .loss();
    rpnClassLoss =
        loss.math.div(
            loss.reduceSum(
                loss.math.mul(rpnCe, loss.reshape(rpnWeights, loss.constant(new long[] {-1}))),
                loss.constant(0)),
            sampled);
    Operand<TFloat32> rpnL1 =
        loss.reduceSum(
            smoothL1(loss, loss.math.sub(rpnDeltas, rpnTargets), 1.0 / 9), loss.constant(2));
    rpnBoxLoss =
        loss.math.div(
            loss.reduceSum(loss.math.mul(rpnL1, rpnLabels), loss.constant(new int[] {0, 1})),
            sampled);
    Operand<TFloat32> headCe =
        loss.nn
            .softmaxCrossEntropyWithLogits(
                classLogits,
                loss.oneHot(
                    headLabels, loss.constant(classes + 1), loss.constant(1f), loss.constant(0f)))
            .loss();
    headClassLoss = loss.math.mean(headCe, loss.constant(0));
    Operand<TFloat32> roiCount =
        loss.math.maximum(
            loss.dtypes.cast(loss.size(headLabels), TFloat32.class), loss.constant(1f));
    headBoxLoss =
        loss.math.div(
            loss.reduceSum(
                loss.math.mul(
                    headWeights, smoothL1(loss, loss.math.sub(headDeltas, headTargets), 1.0)),
                loss.constant(new int[] {0, 1})),
            roiCount);
    total =
        loss.math.add(
            loss.math.add(rpnClassLoss, rpnBoxLoss), loss.math.add(headClassLoss, headBoxLoss));
  }

  /** Every target placeholder a training step feeds, with the learning rate. */
  List<org.tensorflow.Operand<?>> feeds() {
    return List.of(
        rpnLabels, rpnWeights, rpnTargets, headLabels, headTargets, headWeights, learningRate);
  }

  private static Placeholder<TFloat32> placeholder(Ops tf, String name, Shape shape) {
    return tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(shape));
  }

  /** Huber-like smooth L1 per element: 0.5 d^2 / beta below beta, |d| - 0.5 beta above. */
  private static Operand<TFloat32> smoothL1(Ops tf, Operand<TFloat32> d, double beta) {
    Operand<TFloat32> abs = tf.math.abs(d);
    Operand<TFloat32> small = tf.math.minimum(abs, tf.constant((float) beta));
    return tf.math.add(
        tf.math.mul(tf.math.square(small), tf.constant((float) (0.5 / beta))),
        tf.math.sub(abs, small));
  }
}

package dev.rda.analysis;

import dev.rda.augment.Batch;
import dev.rda.models.Mode;
import dev.rda.training.TrainingGraph;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The model in evaluation mode (BatchNorm's moving averages) on a training pipeline's batches: the
 * paper's R_aug of Table 2, measured again on a finished model. Its ops are added to a training
 * graph that has the run's weights; nothing is trained.
 */
final class AugmentedLoss {
  private final TrainingGraph graph;
  private final Operand<TFloat32> sum;

  AugmentedLoss(TrainingGraph graph) {
    this.graph = graph;
    this.sum =
        graph.extend(
            parts -> {
              Ops tf = parts.tf().withSubScope("eval_augmented");
              Operand<TFloat32> total = null;
              for (Batch b : parts.batches()) {
                Operand<TFloat32> logits =
                    parts.net().logits(tf, b.images(), Mode.EVAL, parts.hook());
                Operand<TFloat32> part =
                    tf.sum(
                        tf.nn.softmaxCrossEntropyWithLogits(logits, b.labels()).loss(),
                        tf.constant(0));
                total = total == null ? part : tf.math.add(total, part);
              }
              return total;
            });
  }

  /**
   * Mean cross-entropy over one epoch of training pipeline {@code name} (a phase's, or {@link
   * TrainingGraph#STANDARD}) at {@code strength}, shuffled with {@code seed}.
   */
  double on(String name, float strength, long seed) {
    graph.startPipeline(name, strength, seed);
    double loss = 0;
    long batches = 0;
    for (float l = graph.fetch(sum); !Float.isNaN(l); l = graph.fetch(sum)) {
      loss += l;
      batches++;
    }
    return loss / (batches * graph.batchSize());
  }
}

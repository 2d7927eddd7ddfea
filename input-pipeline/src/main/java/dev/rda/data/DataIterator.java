package dev.rda.data;

import dev.rda.augment.Batch;
import dev.rda.augment.FeatureMix;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.data.Iterator;
import org.tensorflow.types.family.TType;

/**
 * One named tf.data iterator and its next-batch tensors. The model reads {@link #next()} inside the
 * graph; {@link #initializer} re-points the same iterator at another dataset, which is how a run
 * moves from one phase to the next without rebuilding anything.
 */
public final class DataIterator {
  private final Ops tf;
  private final Iterator iterator;
  private final Batch next;

  public DataIterator(Ops tf, String name, InputPipeline pipeline) {
    this.tf = tf;
    iterator = tf.data.iterator(name, "", pipeline.outputTypes(), pipeline.outputShapes());
    List<org.tensorflow.Output<?>> components =
        tf.data
            .iteratorGetNext(iterator, pipeline.outputTypes(), pipeline.outputShapes())
            .components();
    next =
        new Batch(
            cast(components.get(0)),
            cast(components.get(1)),
            new FeatureMix(
                cast(components.get(2)), cast(components.get(3)), cast(components.get(4))));
  }

  /** The batch the iterator yields at each run; an epoch ends with an OutOfRange error. */
  public Batch next() {
    return next;
  }

  /** The op that (re)starts this iterator on {@code dataset}. */
  public Op initializer(Operand<? extends TType> dataset) {
    return tf.data.makeIterator(dataset, iterator);
  }

  @SuppressWarnings("unchecked")
  private static <T extends TType> Operand<T> cast(Operand<?> operand) {
    return (Operand<T>) operand;
  }
}

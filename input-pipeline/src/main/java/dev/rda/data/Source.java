package dev.rda.data;

import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * The entry of an in-memory image set into the graph: placeholders fed when an iterator is
 * initialised, so the images never become graph constants (a SavedModel stays small) and one
 * graph serves any set of the same image shape.
 */
public final class Source {
  final Placeholder<TUint8> images;
  final Placeholder<TInt32> labels;

  Source(Ops tf, ImageSpec spec) {
    images =
        tf.placeholder(
            TUint8.class,
            Placeholder.shape(Shape.of(-1, spec.height(), spec.width(), spec.channels())));
    labels = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
  }

  /** Tensors holding {@code set}, made once and fed at every initialisation. */
  public Tensors bind(ImageSet set) {
    TUint8 x =
        TUint8.tensorOf(
            Shape.of(set.size(), set.height(), set.width(), set.channels()),
            DataBuffers.of(set.pixels(), true, false));
    TInt32 y = TInt32.vectorOf(set.labels());
    return new Tensors(this, x, y, set.size());
  }

  /** A source's data, bound; close it when the run ends. */
  public record Tensors(Source source, TUint8 images, TInt32 labels, int size)
      implements AutoCloseable {
    public Session.Runner feed(Session.Runner runner) {
      return runner.feed(source.images, images).feed(source.labels, labels);
    }

    @Override
    public void close() {
      images.close();
      labels.close();
    }
  }
}

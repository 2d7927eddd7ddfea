package dev.rda.data;

import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * The entry of a split into the graph: placeholders fed when an iterator is initialised, so the
 * data never becomes graph constants (a SavedModel stays small) and one graph serves any split of
 * the same kind. In memory the content is the pixels, uint8 [N, H, W, C]; for image files it is the
 * paths, string [N], and each image is read and decoded inside the pipeline's map function.
 */
public final class Source {
  /** How a decoded image reaches the network's input size when no crop does it. */
  public enum Fit {
    /** In memory: images are stored at the input size. */
    STORED,
    /** Files that must already be at the input size: any other size stops the run, naming it. */
    EXACT,
    /** Files of any size, resized whole (bilinear). */
    RESIZE
  }

  final Fit fit;
  final boolean files;
  final Placeholder<? extends TType> content;
  final Placeholder<TInt32> labels;

  Source(Ops tf, ImageSpec spec, Fit fit) {
    this.fit = fit;
    this.files = fit != Fit.STORED;
    content =
        files
            ? tf.placeholder(TString.class, Placeholder.shape(Shape.of(-1)))
            : tf.placeholder(
                TUint8.class,
                Placeholder.shape(Shape.of(-1, spec.height(), spec.width(), spec.channels())));
    labels = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
  }

  /** Tensors holding {@code set}, made once and fed at every initialisation. */
  public Tensors bind(Images set) {
    if (files != (set instanceof ImageFiles)) {
      throw new IllegalArgumentException(
          "this source takes " + (files ? "image files" : "in-memory images"));
    }
    TType content;
    if (set instanceof ImageSet s) {
      content =
          TUint8.tensorOf(
              Shape.of(s.size(), s.height(), s.width(), s.channels()),
              DataBuffers.of(s.pixels(), true, false));
    } else {
      content = TString.tensorOf(NdArrays.vectorOfObjects(((ImageFiles) set).paths()));
    }
    return new Tensors(this, content, TInt32.vectorOf(set.labels()), set);
  }

  /** A source's data, bound; close it when the run ends. */
  public record Tensors(Source source, TType content, TInt32 labels, Images set)
      implements AutoCloseable {
    public int size() {
      return set.size();
    }

    public Session.Runner feed(Session.Runner runner) {
      return runner.feed(source.content, content).feed(source.labels, labels);
    }

    @Override
    public void close() {
      content.close();
      labels.close();
    }
  }
}

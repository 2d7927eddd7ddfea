package dev.rda.data;

import dev.rda.core.BadInputException;
import dev.rda.core.SessionOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.data.ParallelMapDataset;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * Decodes image files outside training, with the pipeline's own decode ops: single images (a
 * folder's size, its normalisation statistics), a parallel check of every file of a split ({@code
 * rda data verify}), and the search for the file that stopped an epoch.
 */
public final class ImageFileReader implements AutoCloseable {
  /** A decoded image, uint8 HWC. */
  public record Decoded(byte[] pixels, int height, int width, int channels) {}

  /** A file that does not decode, and TensorFlow's reason. */
  public record Failure(String path, String reason) {
    /** The one line a user sees, with what to do about it. */
    public BadInputException error() {
      return new BadInputException(
          path
              + ": does not decode ("
              + reason
              + "); `rda data verify` lists every such file, data.exclude leaves them out");
    }
  }

  private final Graph graph = new Graph();
  private final Session session;
  private final int channels;
  private final Placeholder<TString> path;
  private final Operand<TUint8> image;

  public ImageFileReader(int channels) {
    this.channels = channels;
    Ops tf = Ops.create(graph);
    path = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    image = ImageDecoding.decode(tf, path, channels);
    session = new Session(graph, SessionOptions.of(2));
  }

  /** The image at {@code file}; a file that does not decode is a {@link BadInputException}. */
  public Decoded decode(String file) {
    try {
      return read(file);
    } catch (TFInvalidArgumentException | TensorFlowException e) {
      throw new Failure(file, reason(e)).error();
    }
  }

  private Decoded read(String file) {
    try (TString p = TString.scalarOf(file);
        Result r = session.runner().feed(path, p).fetch(image).run()) {
      TUint8 t = (TUint8) r.get(0);
      Shape s = t.shape();
      byte[] pixels = new byte[(int) s.size()];
      t.asRawTensor().data().read(pixels);
      return new Decoded(pixels, (int) s.get(0), (int) s.get(1), (int) s.get(2));
    }
  }

  /** The image at {@code file}, or nothing if it does not decode. */
  public Optional<Decoded> tryDecode(String file) {
    try {
      return Optional.of(read(file));
    } catch (TFInvalidArgumentException | TensorFlowException e) {
      return Optional.empty();
    }
  }

  /** Why {@code file} does not decode, or null if it does. */
  private String whyNot(String file) {
    try {
      read(file);
      return null;
    } catch (TFInvalidArgumentException | TensorFlowException e) {
      return reason(e);
    }
  }

  /**
   * Decodes every file of {@code files} ({@code threads} at a time) and returns those that fail, in
   * file order; {@code progress} gets the number of files done so far, now and then.
   */
  public List<Failure> verify(ImageFiles files, int threads, IntConsumer progress) {
    boolean[] decoded = new boolean[files.size()];
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      var paths = tf.placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
      Operand<TInt64> n = tf.constant((long) files.size());
      Operand<? extends TType> ds =
          tf.data.tensorSliceDataset(
              List.of(tf.range(tf.constant(0L), n, tf.constant(1L))), List.of(Shape.scalar()));
      ConcreteFunction check =
          ConcreteFunction.create(
              f -> {
                var index = f.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
                var all = f.placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
                Operand<TUint8> im =
                    ImageDecoding.decode(f, f.gather(all, index, f.constant(0)), channels);
                // The index, and the size as a data output: a decode whose output nothing
                // reads would be pruned.
                return Signature.builder()
                    .input("in0_index", index)
                    .input("in1_paths", all)
                    .output("out0_index", f.identity(index))
                    .output("out1_size", f.shape(im))
                    .build();
              });
      List<Class<? extends TType>> types = List.of(TInt64.class, TInt32.class);
      List<Shape> element = List.of(Shape.scalar(), Shape.of(3));
      List<Shape> batched = List.of(Shape.of(-1), Shape.of(-1, 3));
      ds =
          tf.data.parallelMapDataset(
              ds,
              List.of(paths),
              tf.constant((long) threads),
              check,
              types,
              element,
              ParallelMapDataset.deterministic("false"));
      ds = tf.data.ignoreErrorsDataset(ds, types, element);
      ds = tf.data.batchDataset(ds, tf.constant(256L), tf.constant(false), types, batched);
      var iterator = tf.data.iterator("verify", "", types, batched);
      var init = tf.data.makeIterator(ds, iterator);
      var next = tf.data.iteratorGetNext(iterator, types, batched);
      try (Session s = new Session(g, SessionOptions.of(threads));
          TString p = TString.tensorOf(NdArrays.vectorOfObjects(files.paths()))) {
        s.runner().feed(paths, p).addTarget(init).run();
        int done = 0;
        while (true) {
          try (Result r = s.runner().fetch(next.components().get(0)).run()) {
            TInt64 batch = (TInt64) r.get(0);
            for (int i = 0; i < batch.shape().get(0); i++) {
              decoded[(int) batch.getLong(i)] = true;
            }
            done += (int) batch.shape().get(0);
            progress.accept(done);
          } catch (TFOutOfRangeException end) {
            break;
          }
        }
      }
    }
    List<Failure> failures = new ArrayList<>();
    for (int i = 0; i < decoded.length; i++) {
      if (!decoded[i]) {
        failures.add(new Failure(files.paths()[i], whyNot(files.paths()[i])));
      }
    }
    return failures;
  }

  /**
   * The first file that does not decode among {@code files} in the order of an epoch (shuffled with
   * {@code seed} as the pipeline does, or in file order), from position {@code from}.
   */
  public Optional<Failure> firstFailure(ImageFiles files, long seed, boolean shuffled, int from) {
    for (int i : order(files.size(), seed, shuffled, from)) {
      String file = files.paths()[i];
      String why = whyNot(file);
      if (why != null) {
        return Optional.of(new Failure(file, why));
      }
    }
    return Optional.empty();
  }

  private static int[] order(int n, long seed, boolean shuffled, int from) {
    int[] all = new int[n];
    if (!shuffled) {
      for (int i = 0; i < n; i++) {
        all[i] = i;
      }
    } else {
      try (Graph g = new Graph()) {
        Ops tf = Ops.create(g);
        Operand<TInt64> count = tf.constant((long) n);
        Operand<? extends TType> ds =
            tf.data.tensorSliceDataset(
                List.of(tf.range(tf.constant(0L), count, tf.constant(1L))),
                List.of(Shape.scalar()));
        ds = InputPipeline.shuffle(tf, ds, count, tf.constant(seed));
        List<Class<? extends TType>> types = List.of(TInt64.class);
        ds = tf.data.batchDataset(ds, count, tf.constant(false), types, List.of(Shape.of(-1)));
        var iterator = tf.data.iterator("order", "", types, List.of(Shape.of(-1)));
        var init = tf.data.makeIterator(ds, iterator);
        var next = tf.data.iteratorGetNext(iterator, types, List.of(Shape.of(-1)));
        try (Session s = new Session(g, SessionOptions.of(2))) {
          s.runner().addTarget(init).run();
          try (Result r = s.runner().fetch(next.components().get(0)).run()) {
            TInt64 t = (TInt64) r.get(0);
            for (int i = 0; i < n; i++) {
              all[i] = (int) t.getLong(i);
            }
          }
        }
      }
    }
    int start = Math.max(0, Math.min(from, n));
    return Arrays.copyOfRange(all, start, n);
  }

  /**
   * What stopped a pass over {@code set}, in one line naming the file: a size check's message, or
   * the first file that does not decode from the pass's position on (an epoch shuffled with {@code
   * seed}, or in order; {@code consumed} images already delivered). Errors that are not about an
   * image come back unchanged.
   */
  public static RuntimeException explain(
      RuntimeException e, Images set, long seed, boolean shuffled, long consumed) {
    String message = reason(e);
    int assertion = message.indexOf("assertion failed: [");
    if (assertion >= 0) {
      // "assertion failed: [path] [problem]" -> "path: problem"
      String items = message.substring(assertion + "assertion failed: [".length());
      items = items.substring(0, Math.max(items.lastIndexOf(']'), 0));
      return new BadInputException(String.join(": ", items.split("\\] \\[")));
    }
    if (set instanceof ImageFiles files) {
      // The pipeline reads ahead (parallel map calls, prefetched batches): start a little back.
      int from = (int) Math.max(0, consumed - 1024);
      try (ImageFileReader reader = new ImageFileReader(3)) {
        Optional<Failure> bad = reader.firstFailure(files, seed, shuffled, from);
        if (bad.isPresent()) {
          return bad.get().error();
        }
      }
    }
    return e;
  }

  /** The first line of TensorFlow's message, without its node names. */
  static String reason(RuntimeException e) {
    String m = String.valueOf(e.getMessage()).strip();
    int nl = m.indexOf('\n');
    if (nl > 0) {
      m = m.substring(0, nl);
    }
    int nodes = m.indexOf("\t [[");
    return nodes > 0 ? m.substring(0, nodes).strip() : m;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}

package dev.rda.data;

import dev.rda.augment.Batch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A tf.data reader: one pipeline, one iterator the model reads from, and named starts, each a
 * stage's dataset over images bound to the graph (a training phase, an evaluation set). Starting
 * one re-points the iterator and feeds the pipeline's controls (the epoch's seed, the augmentation
 * strength); nothing is rebuilt. The reader owns the images it binds.
 */
public final class PipelineReader implements AutoCloseable {
  private record Start(Op init, Source.Tensors data) {}

  private final InputPipeline pipeline;
  private final DataIterator iterator;
  private final Map<String, Start> starts = new LinkedHashMap<>();
  private final List<Source.Tensors> bound = new ArrayList<>();

  /** A reader of {@code pipeline} through the iterator named {@code name}. */
  public PipelineReader(Ops tf, String name, InputPipeline pipeline) {
    this.pipeline = pipeline;
    this.iterator = new DataIterator(tf, name, pipeline);
  }

  /** {@code images} bound to {@code source} (one of this reader's pipeline), to start stages on. */
  public Source.Tensors bind(Source source, Images images) {
    Source.Tensors data = source.bind(images);
    bound.add(data);
    return data;
  }

  /** Adds the start {@code name}: {@code stage} over {@code data}. */
  public void add(String name, Source.Tensors data, Stage stage) {
    starts.put(name, new Start(iterator.initializer(pipeline.dataset(data.source(), stage)), data));
  }

  public boolean has(String name) {
    return starts.containsKey(name);
  }

  /** The batch the iterator yields at each run; a pass ends with an OutOfRange error. */
  public Batch next() {
    return iterator.next();
  }

  /** The images start {@code name} reads. */
  public Source.Tensors data(String name) {
    return start(name).data();
  }

  /** Adds to {@code runner} what starts {@code name} with these controls (run it to start). */
  public Session.Runner start(Session.Runner runner, String name, TInt64 seed, TFloat32 strength) {
    Start s = start(name);
    return pipeline.feedControls(s.data().feed(runner.addTarget(s.init())), seed, strength);
  }

  /** Starts {@code name} of each of {@code readers} together, in one run. */
  public static void start(
      Session session, List<PipelineReader> readers, String name, long seed, float strength) {
    try (TInt64 s = TInt64.scalarOf(seed);
        TFloat32 st = TFloat32.scalarOf(strength)) {
      Session.Runner runner = session.runner();
      for (PipelineReader r : readers) {
        r.start(runner, name, s, st);
      }
      runner.run();
    }
  }

  private Start start(String name) {
    Start s = starts.get(name);
    if (s == null) {
      throw new IllegalArgumentException("no start '" + name + "' (has: " + starts.keySet() + ")");
    }
    return s;
  }

  @Override
  public void close() {
    bound.forEach(Source.Tensors::close);
  }
}

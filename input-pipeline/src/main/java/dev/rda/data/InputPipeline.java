package dev.rda.data;

import dev.rda.augment.Batch;
import dev.rda.augment.SampleAugmentation;
import dev.rda.augment.Seeds;
import java.util.List;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.data.ParallelMapDataset;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * Builds the tf.data graphs of a run:
 *
 * <pre>source -> shuffle -> parallel map(per-sample augmentation, normalise, one-hot)
 *        -> batch -> map(batch augmentation) -> prefetch</pre>
 *
 * Every dataset yields (images float32 [B, H, W, C], labels float32 [B, classes]) so any of
 * them can feed any {@link DataIterator} of this pipeline. Two scalars are fed when an iterator
 * is initialised: the epoch seed (all randomness is stateless, derived from it and each
 * image's index, so a run repeats exactly) and the batch-augmentation strength.
 */
public final class InputPipeline {
  private final Ops tf;
  private final ImageSpec spec;
  private final Normalization normalization;
  private final int parallelCalls;
  private final Placeholder<TInt64> epochSeed;
  private final Placeholder<TFloat32> strength;

  public InputPipeline(Ops tf, ImageSpec spec, Normalization normalization, int parallelCalls) {
    this.tf = tf.withSubScope("input");
    this.spec = spec;
    this.normalization = normalization;
    this.parallelCalls = parallelCalls;
    epochSeed = this.tf.withName("epoch_seed").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    strength = this.tf.withName("strength").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
  }

  /** A new entry point for an in-memory image set of this pipeline's image shape. */
  public Source source() {
    return new Source(tf, spec);
  }

  /** The dataset that reads {@code source} through {@code stage}. */
  public Operand<? extends TType> dataset(Source source, Stage stage) {
    Operand<TInt64> count = tf.dtypes.cast(tf.shape(source.labels), TInt64.class);
    Operand<TInt64> n = tf.reshape(count, tf.constant(new int[0]));
    Operand<TInt64> indices = tf.range(tf.constant(0L), n, tf.constant(1L));
    Shape image = Shape.of(spec.height(), spec.width(), spec.channels());
    List<Class<? extends TType>> rawTypes = List.of(TUint8.class, TInt32.class, TInt64.class);
    List<Shape> rawShapes = List.of(image, Shape.scalar(), Shape.scalar());

    Operand<? extends TType> ds =
        tf.data.tensorSliceDataset(List.of(source.images, source.labels, indices), rawShapes);
    if (stage.shuffle()) {
      ds =
          tf.data.shuffleDataset(
              ds, n, epochSeed, tf.constant(0x5EEDL), tf.random.dummySeedGenerator(),
              rawTypes, rawShapes);
    }
    List<Class<? extends TType>> sampleTypes = List.of(TFloat32.class, TFloat32.class, TInt64.class);
    List<Shape> sampleShapes = List.of(image, Shape.of(spec.classes()), Shape.scalar());
    ds =
        tf.data.parallelMapDataset(
            ds, List.of(epochSeed, strength), tf.constant((long) parallelCalls), perSample(stage.sample()),
            sampleTypes, sampleShapes, ParallelMapDataset.deterministic("true"));

    long b = stage.dropRemainder() ? stage.batchSize() : -1;
    ds =
        tf.data.batchDataset(
            ds, tf.constant((long) stage.batchSize()), tf.constant(stage.dropRemainder()),
            sampleTypes, List.of(prepend(b, image), Shape.of(b, spec.classes()), Shape.of(b)));
    ds =
        tf.data.mapDataset(
            ds, List.of(epochSeed, strength), perBatch(stage, b), outputTypes(),
            List.of(prepend(b, image), Shape.of(b, spec.classes())));
    return tf.data.prefetchDataset(ds, tf.constant(2L), outputTypes(), outputShapes());
  }

  /** Feeds the epoch seed and the augmentation strength for an iterator initialisation. */
  public Session.Runner feedControls(Session.Runner runner, TInt64 seed, TFloat32 augmentStrength) {
    return runner.feed(epochSeed, seed).feed(strength, augmentStrength);
  }

  public List<Class<? extends TType>> outputTypes() {
    return List.of(TFloat32.class, TFloat32.class);
  }

  public List<Shape> outputShapes() {
    return List.of(
        Shape.of(-1, spec.height(), spec.width(), spec.channels()), Shape.of(-1, spec.classes()));
  }

  /**
   * (uint8 image, int label, index; epoch seed, strength) -> (normalised augmented image, one-hot,
   * index).
   */
  private ConcreteFunction perSample(List<SampleAugmentation> augmentations) {
    return ConcreteFunction.create(
        f -> {
          var image =
              f.placeholder(
                  TUint8.class,
                  Placeholder.shape(Shape.of(spec.height(), spec.width(), spec.channels())));
          var label = f.placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
          var index = f.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
          var seedIn = f.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
          var strengthIn = f.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
          Operand<TInt64> seed = f.stack(List.of(seedIn, index));
          Operand<TFloat32> x =
              f.math.div(f.dtypes.cast(image, TFloat32.class), f.constant(255f));
          for (int k = 0; k < augmentations.size(); k++) {
            x = augmentations.get(k).apply(f, x, strengthIn, Seeds.derive(f, seed, k));
          }
          x = f.math.div(
              f.math.sub(x, f.constant(normalization.mean())), f.constant(normalization.std()));
          Operand<TFloat32> oneHot =
              f.oneHot(label, f.constant(spec.classes()), f.constant(1f), f.constant(0f));
          return Signature.builder()
              .input("in0_image", image)
              .input("in1_label", label)
              .input("in2_index", index)
              .input("in3_seed", seedIn)
              .input("in4_strength", strengthIn)
              .output("out0_image", x)
              .output("out1_label", oneHot)
              .output("out2_index", f.identity(index))
              .build();
        });
  }

  /** (images, labels, indices; epoch seed, strength) -> (images, labels), mixed if configured. */
  private ConcreteFunction perBatch(Stage stage, long b) {
    return ConcreteFunction.create(
        f -> {
          var images =
              f.placeholder(
                  TFloat32.class,
                  Placeholder.shape(prepend(b, Shape.of(spec.height(), spec.width(), spec.channels()))));
          var labels = f.placeholder(TFloat32.class, Placeholder.shape(Shape.of(b, spec.classes())));
          var indices = f.placeholder(TInt64.class, Placeholder.shape(Shape.of(b)));
          var seedIn = f.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
          var strengthIn = f.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
          Batch batch = new Batch(f.identity(images), f.identity(labels));
          if (stage.batch() != null) {
            // The first index of the batch is unique to it within the epoch: a per-batch seed.
            Operand<TInt64> first =
                f.reshape(f.slice(indices, f.constant(new int[] {0}), f.constant(new int[] {1})),
                    f.constant(new int[0]));
            Operand<TInt64> seed = f.stack(List.of(f.math.add(seedIn, f.constant(0x6A09E667L)), first));
            batch = stage.batch().apply(f, batch, strengthIn, seed);
          }
          return Signature.builder()
              .input("in0_images", images)
              .input("in1_labels", labels)
              .input("in2_indices", indices)
              .input("in3_seed", seedIn)
              .input("in4_strength", strengthIn)
              .output("out0_images", batch.images())
              .output("out1_labels", batch.labels())
              .build();
        });
  }

  private static Shape prepend(long first, Shape rest) {
    long[] dims = new long[rest.numDimensions() + 1];
    dims[0] = first;
    for (int i = 0; i < rest.numDimensions(); i++) {
      dims[i + 1] = rest.get(i);
    }
    return Shape.of(dims);
  }
}

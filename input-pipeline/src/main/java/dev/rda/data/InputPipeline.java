package dev.rda.data;

import dev.rda.augment.Batch;
import dev.rda.augment.FeatureMix;
import dev.rda.augment.RegionCrop;
import dev.rda.augment.SampleAugmentation;
import dev.rda.augment.Seeds;
import dev.rda.augment.VectorizedSample;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.data.ParallelMapDataset;
import org.tensorflow.proto.data.DatasetOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * Builds the tf.data graphs of a run:
 *
 * <pre>source -> shuffle -> [parallel map(per-sample augmentation)] -> batch
 *        -> parallel map([batch forms of per-sample augmentation], normalise, one-hot,
 *                        batch augmentation) -> prefetch</pre>
 *
 * Every dataset yields (images float32 [B, H, W, C], labels float32 [B, classes]) so any of them
 * can feed any {@link DataIterator} of this pipeline. Two scalars are fed when an iterator is
 * initialised: the epoch seed (all randomness is stateless, derived from it and each image's index,
 * so a run repeats exactly) and the batch-augmentation strength.
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
    epochSeed =
        this.tf.withName("epoch_seed").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    strength =
        this.tf.withName("strength").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
  }

  /** A new entry point for splits held in memory at this pipeline's image shape. */
  public Source source() {
    return source(Source.Fit.STORED);
  }

  /**
   * A new entry point: in memory ({@code STORED}) or image files brought to size by {@code fit}.
   */
  public Source source(Source.Fit fit) {
    return new Source(tf, spec, fit);
  }

  /**
   * The dataset that reads {@code source} through {@code stage}. In memory, when every per-sample
   * augmentation has a batch form (crop, flip: the standard pipeline, and evaluation), they run
   * after batching; a map call per image would cost more than the augmentation itself. Image files
   * are decoded one per map call; a stage's leading region crop (random-resized-crop, center-crop)
   * then runs on the decoded image at full resolution, straight to the input size.
   */
  public Operand<? extends TType> dataset(Source source, Stage stage) {
    Operand<TInt64> count = tf.dtypes.cast(tf.shape(source.labels), TInt64.class);
    Operand<TInt64> n = tf.reshape(count, tf.constant(new int[0]));
    Shape image = Shape.of(spec.height(), spec.width(), spec.channels());
    // The elements are image indices; the map functions gather pixels and labels from the
    // source tensors, passed in whole (by reference), so nothing image-sized moves per element.
    List<Operand<?>> controls = List.of(epochSeed, strength, source.content, source.labels);
    Operand<? extends TType> ds =
        tf.data.tensorSliceDataset(
            List.of(tf.range(tf.constant(0L), n, tf.constant(1L))), List.of(Shape.scalar()));
    if (stage.shuffle()) {
      ds = shuffle(tf, ds, n, epochSeed);
    }
    if (stage.shards() > 1) {
      ds =
          tf.data.shardDataset(
              ds,
              tf.constant((long) stage.shards()),
              tf.constant((long) stage.shard()),
              List.of(TInt64.class),
              List.of(Shape.scalar()));
    }
    boolean batchwise =
        !source.files && stage.sample().stream().allMatch(a -> a instanceof VectorizedSample);
    List<Class<? extends TType>> elementTypes = List.of(TInt64.class);
    List<Shape> elementShapes = List.of(Shape.scalar());
    if (!batchwise) {
      elementTypes = List.of(TFloat32.class, TInt32.class, TInt64.class);
      elementShapes = List.of(image, Shape.scalar(), Shape.scalar());
      ds =
          tf.data.parallelMapDataset(
              ds,
              controls,
              tf.constant((long) parallelCalls),
              perSample(source, stage.sample()),
              elementTypes,
              elementShapes,
              ParallelMapDataset.deterministic("true"));
    }
    long b = stage.dropRemainder() ? stage.batchSize() : -1;
    ds =
        tf.data.batchDataset(
            ds,
            tf.constant((long) stage.batchSize()),
            tf.constant(stage.dropRemainder()),
            elementTypes,
            elementShapes.stream().map(sh -> prepend(b, sh)).toList());
    ds =
        tf.data.parallelMapDataset(
            ds,
            controls,
            tf.constant((long) parallelCalls),
            perBatch(source, stage, b, batchwise),
            outputTypes(),
            outputShapes(b),
            ParallelMapDataset.deterministic("true"));
    ds = tf.data.prefetchDataset(ds, tf.constant(2L), outputTypes(), outputShapes());
    return tf.data.optionsDataset(ds, WITHOUT_AUTOTUNE, outputTypes(), outputShapes());
  }

  /**
   * tf.data's options for every dataset here: autotuning off. Its parallelism and buffer sizes are
   * all fixed here, so it tuned nothing, but each iterator started its model thread, and
   * re-pointing an iterator waited for the old one's thread to wake from a timed sleep that grows
   * with the iterator's age. Measured with a 12-epoch fmnist-standard run: each epoch's
   * MakeIterator took 0.02, 1.25 or 8.8-9.8 s with the process idle (cpu-clock samples; the waiting
   * thread was {@code ~RootDataset::Iterator} joining {@code Model::OptimizeLoop}), so one epoch in
   * four trained at a third of the speed.
   */
  static final String WITHOUT_AUTOTUNE =
      serialized(
          DatasetOptions.Options.newBuilder()
              .setAutotuneOptions(DatasetOptions.AutotuneOptions.newBuilder().setEnabled(false))
              .build());

  /**
   * The option's bytes as the String attribute {@code OptionsDataset} takes (it is sent as UTF-8,
   * so every byte must be ASCII; these are 3a 02 08 00).
   */
  private static String serialized(DatasetOptions.Options options) {
    byte[] bytes = options.toByteArray();
    for (byte b : bytes) {
      if (b < 0) {
        throw new IllegalStateException("dataset options are not ASCII: " + options);
      }
    }
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  /**
   * The epoch's order of a dataset of {@code n} indices: a full shuffle, a function of the seed
   * alone (also used to replay an epoch when looking for an image that failed).
   */
  static Operand<? extends TType> shuffle(
      Ops tf, Operand<? extends TType> indices, Operand<TInt64> n, Operand<TInt64> seed) {
    return tf.data.shuffleDataset(
        indices,
        n,
        seed,
        tf.constant(0x5EEDL),
        tf.random.dummySeedGenerator(),
        List.of(TInt64.class),
        List.of(Shape.scalar()));
  }

  /** Feeds the epoch seed and the augmentation strength for an iterator initialisation. */
  public Session.Runner feedControls(Session.Runner runner, TInt64 seed, TFloat32 augmentStrength) {
    return runner.feed(epochSeed, seed).feed(strength, augmentStrength);
  }

  /**
   * Images, labels, and the feature mixing of Manifold Mixup (lambda, partner rows, mixing point;
   * no mixing for every other augmentation).
   */
  public List<Class<? extends TType>> outputTypes() {
    return List.of(TFloat32.class, TFloat32.class, TFloat32.class, TInt32.class, TInt32.class);
  }

  public List<Shape> outputShapes() {
    return outputShapes(-1);
  }

  private List<Shape> outputShapes(long b) {
    return List.of(
        Shape.of(b, spec.height(), spec.width(), spec.channels()),
        Shape.of(b, spec.classes()),
        Shape.scalar(),
        Shape.of(b),
        Shape.scalar());
  }

  /**
   * (index; epoch seed, strength, all images or paths, all labels) -> (augmented image in [0, 1],
   * label, index).
   */
  private ConcreteFunction perSample(Source source, List<SampleAugmentation> augmentations) {
    return ConcreteFunction.create(
        f -> {
          var index = f.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
          Controls c = controls(f, source);
          Operand<TInt64> seed = f.stack(List.of(c.seed, index));
          int first = 0;
          Operand<TFloat32> x;
          if (source.files) {
            Operand<TString> path = f.gather(cast(c.content, TString.class), index, f.constant(0));
            Operand<TFloat32> decoded = toUnit(f, ImageDecoding.decode(f, path, spec.channels()));
            if (!augmentations.isEmpty() && augmentations.get(0) instanceof RegionCrop crop) {
              x = crop.cropTo(f, decoded, spec.height(), spec.width(), Seeds.derive(f, seed, 0));
              first = 1;
            } else {
              x = ImageDecoding.fit(f, decoded, path, spec, source.fit);
            }
          } else {
            x = toUnit(f, f.gather(cast(c.content, TUint8.class), index, f.constant(0)));
          }
          for (int k = first; k < augmentations.size(); k++) {
            x = augmentations.get(k).apply(f, x, c.strength, Seeds.derive(f, seed, k));
          }
          x = f.ensureShape(x, Shape.of(spec.height(), spec.width(), spec.channels()));
          return c.sign(Signature.builder().input("in0_index", index))
              .output("out0_image", x)
              .output("out1_label", f.gather(c.labels, index, f.constant(0)))
              .output("out2_index", f.identity(index))
              .build();
        });
  }

  private static Operand<TFloat32> toUnit(Ops f, Operand<TUint8> pixels) {
    return f.math.div(f.dtypes.cast(pixels, TFloat32.class), f.constant(255f));
  }

  @SuppressWarnings("unchecked")
  private static <T extends TType> Operand<T> cast(Operand<?> operand, Class<T> type) {
    if (!type.isAssignableFrom(operand.type())) {
      throw new IllegalStateException(operand.type() + " is not " + type);
    }
    return (Operand<T>) operand;
  }

  /**
   * (indices, or images in [0, 1], labels and indices from {@link #perSample}; controls) ->
   * (normalised images, one-hot or mixed labels): the batch forms of the per-sample augmentations
   * if {@code batchwise}, then normalisation, then the batch augmentation.
   */
  private ConcreteFunction perBatch(Source source, Stage stage, long b, boolean batchwise) {
    return ConcreteFunction.create(
        f -> {
          Shape shape = prepend(b, Shape.of(spec.height(), spec.width(), spec.channels()));
          Signature.Builder signature = Signature.builder();
          Operand<TFloat32> x;
          Operand<TInt32> labels;
          Operand<TInt64> indices;
          Controls c;
          if (batchwise) {
            var in = f.placeholder(TInt64.class, Placeholder.shape(Shape.of(b)));
            signature.input("in0_indices", in);
            c = controls(f, source);
            indices = in;
            x = toUnit(f, f.gather(cast(c.content, TUint8.class), indices, f.constant(0)));
            labels = f.gather(c.labels, indices, f.constant(0));
            Operand<TInt64> seed = batchSeed(f, c.seed, 0x3C6EF372L, indices);
            List<SampleAugmentation> sample = stage.sample();
            for (int k = 0; k < sample.size(); k++) {
              x =
                  ((VectorizedSample) sample.get(k))
                      .applyToBatch(f, x, c.strength, Seeds.derive(f, seed, k));
            }
          } else {
            var in = f.placeholder(TFloat32.class, Placeholder.shape(shape));
            var inLabels = f.placeholder(TInt32.class, Placeholder.shape(Shape.of(b)));
            var inIndices = f.placeholder(TInt64.class, Placeholder.shape(Shape.of(b)));
            signature
                .input("in0_images", in)
                .input("in1_labels", inLabels)
                .input("in2_indices", inIndices);
            c = controls(f, source);
            x = in;
            labels = inLabels;
            indices = inIndices;
          }
          x =
              f.math.div(
                  f.math.sub(x, f.constant(normalization.mean())), f.constant(normalization.std()));
          Operand<TFloat32> oneHot =
              f.oneHot(labels, f.constant(spec.classes()), f.constant(1f), f.constant(0f));
          Batch batch = new Batch(x, oneHot);
          if (stage.batch() != null) {
            Operand<TInt64> seed = batchSeed(f, c.seed, 0x6A09E667L, indices);
            batch = stage.batch().apply(f, batch, c.strength, seed);
          }
          FeatureMix mix =
              batch.featureMix() != null ? batch.featureMix() : FeatureMix.none(f, batch.images());
          return c.sign(signature)
              .output("out0_images", f.ensureShape(batch.images(), shape))
              .output("out1_labels", batch.labels())
              .output("out2_lambda", f.identity(mix.lambda()))
              .output("out3_partner", f.identity(mix.partner()))
              .output("out4_point", f.identity(mix.point()))
              .build();
        });
  }

  /**
   * A seed for one batch's draws: the epoch seed offset by {@code stream} (one per use), and the
   * batch's first image index, which no other batch of the epoch starts with.
   */
  private static Operand<TInt64> batchSeed(
      Ops f, Operand<TInt64> epochSeed, long stream, Operand<TInt64> indices) {
    Operand<TInt64> first =
        f.reshape(
            f.slice(indices, f.constant(new int[] {0}), f.constant(new int[] {1})),
            f.constant(new int[0]));
    return f.stack(List.of(f.math.add(epochSeed, f.constant(stream)), first));
  }

  /** The extra inputs every map function takes after the dataset's components. */
  private record Controls(
      Placeholder<TInt64> seed,
      Placeholder<TFloat32> strength,
      Placeholder<? extends TType> content,
      Placeholder<TInt32> labels) {

    /** Adds them to a function signature, named so they sort after the components. */
    Signature.Builder sign(Signature.Builder b) {
      return b.input("in7_seed", seed)
          .input("in8_strength", strength)
          .input("in9a_content", content)
          .input("in9b_labels", labels);
    }
  }

  private Controls controls(Ops f, Source source) {
    return new Controls(
        f.placeholder(TInt64.class, Placeholder.shape(Shape.scalar())),
        f.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar())),
        f.placeholder(source.content.type(), Placeholder.shape(source.content.shape())),
        f.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1))));
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

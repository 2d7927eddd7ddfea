package dev.rda.augment;

import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Runs augmentations on in-memory images outside a training pipeline, with the same graph ops: for
 * looking at them ({@code rda augment preview}) and for comparing single operations with other
 * implementations ({@code rda augment apply}). Images are uint8, [N, H, W, C] row-major.
 */
public final class AugmentRunner {
  private AugmentRunner() {}

  /** Augmented images in [0, 1] ([N, H, W, C] flat) and their (possibly mixed) labels. */
  public record Output(float[] images, float[][] labels) {}

  /**
   * Per-sample augmentations in order (image i gets seed (seed, i)), then the batch augmentation if
   * not null, all at {@code strength}.
   */
  public static Output augment(
      List<SampleAugmentation> sample,
      BatchAugmentation batch,
      byte[] pixels,
      int[] shape,
      int[] labels,
      int classes,
      float strength,
      long seed) {
    int n = shape[0];
    int size = shape[1] * shape[2] * shape[3];
    Shape image = Shape.of(shape[1], shape[2], shape[3]);
    float[] out = new float[n * size];
    float[][] y = new float[n][classes];
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(image));
      Placeholder<TInt64> seedIn = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
      Operand<TFloat32> strengthOp = tf.constant(strength);
      // An identity, so that with no per-sample augmentation the fetch is not the fed placeholder.
      Operand<TFloat32> x = tf.identity(in);
      for (int k = 0; k < sample.size(); k++) {
        x = sample.get(k).apply(tf, x, strengthOp, Seeds.derive(tf, seedIn, k));
      }
      for (int i = 0; i < n; i++) {
        float[] one = new float[size];
        for (int j = 0; j < size; j++) {
          one[j] = (pixels[i * size + j] & 0xFF) / 255f;
        }
        try (TFloat32 t = TFloat32.tensorOf(image, DataBuffers.of(one, true, false));
            TInt64 sd = TInt64.vectorOf(seed, i);
            Result r = s.runner().feed(in, t).feed(seedIn, sd).fetch(x).run()) {
          ((TFloat32) r.get(0)).copyTo(DataBuffers.of(one, false, false));
        }
        System.arraycopy(one, 0, out, i * size, size);
        y[i][labels[i]] = 1f;
      }
      if (batch == null) {
        return new Output(out, y);
      }
      Shape batchShape = Shape.of(n, shape[1], shape[2], shape[3]);
      Placeholder<TFloat32> images = tf.placeholder(TFloat32.class, Placeholder.shape(batchShape));
      Placeholder<TFloat32> targets =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, classes)));
      // Identities, as above: Manifold Mixup hands the batch back as it came.
      Batch mixed =
          batch.apply(
              tf,
              new Batch(tf.identity(images), tf.identity(targets)),
              strengthOp,
              tf.constant(new long[] {seed, -1}));
      float[] flatLabels = new float[n * classes];
      for (int i = 0; i < n; i++) {
        System.arraycopy(y[i], 0, flatLabels, i * classes, classes);
      }
      try (TFloat32 ti = TFloat32.tensorOf(batchShape, DataBuffers.of(out, true, false));
          TFloat32 tl =
              TFloat32.tensorOf(Shape.of(n, classes), DataBuffers.of(flatLabels, true, false));
          Result r =
              s.runner()
                  .feed(images, ti)
                  .feed(targets, tl)
                  .fetch(mixed.images())
                  .fetch(mixed.labels())
                  .run()) {
        ((TFloat32) r.get(0)).copyTo(DataBuffers.of(out, false, false));
        ((TFloat32) r.get(1)).copyTo(DataBuffers.of(flatLabels, false, false));
      }
      for (int i = 0; i < n; i++) {
        System.arraycopy(flatLabels, i * classes, y[i], 0, classes);
      }
      return new Output(out, y);
    }
  }

  /**
   * One AutoAugment operation at {@code level} on every image, with its random parts fixed: {@code
   * sign} of the magnitude, Cutout's {@code center} (row, column), SamplePairing's partner images
   * ({@code pair}, same layout, or null). Returns uint8 images, same layout.
   */
  public static byte[] applyOp(
      AutoAugmentOp op,
      double level,
      int sign,
      int[] center,
      byte[] pair,
      float[] fill,
      byte[] pixels,
      int[] shape) {
    int n = shape[0];
    int size = shape[1] * shape[2] * shape[3];
    Shape image = Shape.of(shape[1], shape[2], shape[3]);
    byte[] out = new byte[pixels.length];
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(image));
      Placeholder<TFloat32> partner = tf.placeholder(TFloat32.class, Placeholder.shape(image));
      Operand<TInt32> centerOp = tf.constant(center);
      Draws draws = new Draws(tf.constant((float) sign), centerOp, pair == null ? null : partner);
      Operand<TFloat32> result = op.apply(tf, in, level, draws, fill);
      float[] one = new float[size];
      float[] other = new float[size];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < size; j++) {
          one[j] = pixels[i * size + j] & 0xFF;
          other[j] = pair == null ? 0 : pair[i * size + j] & 0xFF;
        }
        try (TFloat32 t = TFloat32.tensorOf(image, DataBuffers.of(one, true, false));
            TFloat32 p = TFloat32.tensorOf(image, DataBuffers.of(other, true, false));
            Result r = s.runner().feed(in, t).feed(partner, p).fetch(result).run()) {
          ((TFloat32) r.get(0)).copyTo(DataBuffers.of(one, false, false));
        }
        for (int j = 0; j < size; j++) {
          out[i * size + j] = (byte) Math.round(one[j]);
        }
      }
    }
    return out;
  }
}

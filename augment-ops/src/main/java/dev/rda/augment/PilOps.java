package dev.rda.augment;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.core.Min;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.math.Cumsum;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Graph versions of the PIL image operations AutoAugment is defined with, on one image of uint8
 * values held as float32 [H, W, C] (C = 1 or 3). Each follows PIL's integer rules: where PIL
 * truncates, clips or rounds, so does this, and where PIL computes in double, so does this.
 */
final class PilOps {
  private PilOps() {}

  static Operand<TFloat32> invert(Ops tf, Operand<TFloat32> px) {
    return tf.math.sub(tf.constant(255f), px);
  }

  /** Keeps the top {@code bits} bits of each value; 0 bits gives black. */
  static Operand<TFloat32> posterize(Ops tf, Operand<TFloat32> px, int bits) {
    float step = (float) (1 << (8 - bits));
    return tf.math.mul(tf.math.floor(tf.math.div(px, tf.constant(step))), tf.constant(step));
  }

  /** Inverts every value at or above {@code threshold}. */
  static Operand<TFloat32> solarize(Ops tf, Operand<TFloat32> px, int threshold) {
    return tf.select(tf.math.less(px, tf.constant((float) threshold)), px, invert(tf, px));
  }

  /** {@code ImageOps.autocontrast}: per channel, stretch [lo, hi] to [0, 255], truncating. */
  static Operand<TFloat32> autoContrast(Ops tf, Operand<TFloat32> px) {
    Operand<TInt32> hw = tf.constant(new int[] {0, 1});
    Operand<TFloat64> x = tf.dtypes.cast(px, TFloat64.class);
    Operand<TFloat64> lo = tf.min(x, hw, Min.keepDims(true));
    Operand<TFloat64> hi = tf.max(x, hw, Max.keepDims(true));
    Operand<TFloat64> scale = tf.math.divNoNan(tf.constant(255.0), tf.math.sub(hi, lo));
    Operand<TFloat64> offset = tf.math.neg(tf.math.mul(lo, scale));
    Operand<TFloat64> stretched =
        clip(tf, tf.math.floor(tf.math.add(tf.math.mul(x, scale), offset)), 0.0, 255.0);
    return tf.dtypes.cast(tf.select(tf.math.greater(hi, lo), stretched, x), TFloat32.class);
  }

  /**
   * {@code ImageOps.equalize}: per channel, with n = number of pixels minus the count of the
   * highest value present and step = n // 255, value i maps to (step // 2 + count below i) // step,
   * clipped to 255; unchanged when step is 0.
   */
  static Operand<TFloat32> equalize(Ops tf, Operand<TFloat32> px) {
    Shape s = px.shape();
    int h = (int) s.get(0);
    int w = (int) s.get(1);
    int c = (int) s.get(2);
    // Histogram of every channel at once: segment id = channel * 256 + value.
    Operand<TInt64> values =
        tf.dtypes.cast(tf.reshape(px, tf.constant(new int[] {h * w, c})), TInt64.class);
    Operand<TInt64> ids = tf.math.add(values, tf.constant(new long[][] {channelOffsets(c)}));
    Operand<TInt64> hist =
        tf.reshape(
            tf.math.unsortedSegmentSum(tf.onesLike(ids), ids, tf.constant(256 * c)),
            tf.constant(new int[] {c, 256}));
    Operand<TInt64> below = tf.math.cumsum(hist, tf.constant(1), Cumsum.exclusive(true));
    Operand<TInt64> top = tf.max(values, tf.constant(0)); // highest value per channel, [C]
    Operand<TInt64> topCount =
        tf.reshape(
            tf.gatherNd(
                hist,
                tf.stack(
                    List.of(tf.range(tf.constant(0L), tf.constant((long) c), tf.constant(1L)), top),
                    Stack.axis(1L))),
            tf.constant(new int[] {c, 1}));
    Operand<TInt64> step =
        tf.math.floorDiv(tf.math.sub(tf.constant((long) h * w), topCount), tf.constant(255L));
    Operand<TInt64> safeStep = tf.math.maximum(step, tf.constant(1L));
    Operand<TInt64> lut =
        tf.math.minimum(
            tf.math.floorDiv(tf.math.add(tf.math.floorDiv(step, tf.constant(2L)), below), safeStep),
            tf.constant(255L));
    Operand<TInt64> identity =
        tf.broadcastTo(
            tf.range(tf.constant(0L), tf.constant(256L), tf.constant(1L)),
            tf.constant(new int[] {c, 256}));
    lut =
        tf.select(
            tf.broadcastTo(tf.math.greater(step, tf.constant(0L)), tf.constant(new int[] {c, 256})),
            lut,
            identity);
    Operand<TInt64> mapped =
        tf.gather(tf.reshape(lut, tf.constant(new int[] {256 * c})), ids, tf.constant(0));
    return tf.reshape(tf.dtypes.cast(mapped, TFloat32.class), tf.constant(new int[] {h, w, c}));
  }

  /**
   * {@code Image.blend(degenerate, image, factor)}: degenerate + factor * (image - degenerate) in
   * float32, clipped to [0, 255] and truncated.
   */
  static Operand<TFloat32> blend(
      Ops tf, Operand<TFloat32> degenerate, Operand<TFloat32> px, float factor) {
    Operand<TFloat32> v =
        tf.math.add(degenerate, tf.math.mul(tf.constant(factor), tf.math.sub(px, degenerate)));
    return tf.math.floor(clip(tf, v, 0f, 255f));
  }

  /** {@code convert("L")}: (19595 R + 38470 G + 7471 B + 0x8000) >> 16, as [H, W, 1]. */
  static Operand<TFloat32> gray(Ops tf, Operand<TFloat32> px) {
    if (px.shape().get(2) == 1) {
      return px;
    }
    Operand<TInt32> rgb = tf.dtypes.cast(px, TInt32.class);
    Operand<TInt32> weighted =
        tf.math.add(
            tf.sum(
                tf.math.mul(rgb, tf.constant(new int[] {19595, 38470, 7471})),
                tf.constant(2),
                Sum.keepDims(true)),
            tf.constant(0x8000));
    return tf.dtypes.cast(tf.math.floorDiv(weighted, tf.constant(65536)), TFloat32.class);
  }

  /** The degenerate image of {@code ImageEnhance.Color}: the gray image in every channel. */
  static Operand<TFloat32> grayInChannels(Ops tf, Operand<TFloat32> px) {
    return tf.broadcastTo(gray(tf, px), tf.shape(px));
  }

  /** The degenerate image of {@code ImageEnhance.Contrast}: int(mean gray + 0.5) everywhere. */
  static Operand<TFloat32> meanGray(Ops tf, Operand<TFloat32> px) {
    Operand<TFloat64> g = tf.dtypes.cast(gray(tf, px), TFloat64.class);
    Operand<TFloat64> mean = tf.math.mean(g, tf.constant(new int[] {0, 1, 2}));
    Operand<TFloat32> level =
        tf.dtypes.cast(tf.math.floor(tf.math.add(mean, tf.constant(0.5))), TFloat32.class);
    return tf.broadcastTo(level, tf.shape(px));
  }

  /**
   * The degenerate image of {@code ImageEnhance.Sharpness}: PIL's SMOOTH filter (3x3, centre 5,
   * others 1, divided by 13, rounded) inside, the border pixels unchanged.
   */
  static Operand<TFloat32> smooth(Ops tf, Operand<TFloat32> px) {
    Shape s = px.shape();
    int h = (int) s.get(0);
    int w = (int) s.get(1);
    int c = (int) s.get(2);
    float[][][][] kernel = new float[3][3][c][1];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < c; k++) {
          kernel[i][j][k][0] = (i == 1 && j == 1 ? 5f : 1f) / 13f;
        }
      }
    }
    Operand<TFloat32> batch = tf.expandDims(px, tf.constant(0));
    Operand<TFloat32> inner =
        tf.nn.depthwiseConv2dNative(batch, tf.constant(kernel), List.of(1L, 1L, 1L, 1L), "VALID");
    inner = tf.math.floor(tf.math.add(clip(tf, inner, 0f, 255f), tf.constant(0.5f)));
    Operand<TFloat32> padded =
        tf.pad(
            tf.squeeze(inner, Squeeze.axis(List.of(0L))),
            tf.constant(new int[][] {{1, 1}, {1, 1}, {0, 0}}),
            tf.constant(0f));
    float[][][] border = new float[h][w][1];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        border[y][x][0] = (y == 0 || x == 0 || y == h - 1 || x == w - 1) ? 1f : 0f;
      }
    }
    Operand<TFloat32> isBorder = tf.constant(border);
    return tf.math.add(
        tf.math.mul(isBorder, px), tf.math.mul(tf.math.sub(tf.constant(1f), isBorder), padded));
  }

  /**
   * Output pixel i copies input pixel {@code sources[i]}, or gets {@code fill} where it is -1;
   * {@code sign} picks between the maps of the positive and the negative magnitude.
   */
  static Operand<TFloat32> remap(
      Ops tf,
      Operand<TFloat32> px,
      int[] positive,
      int[] negative,
      Operand<TFloat32> sign,
      float[] fill) {
    Shape s = px.shape();
    int h = (int) s.get(0);
    int w = (int) s.get(1);
    int c = (int) s.get(2);
    Operand<TInt32> sources =
        tf.select(
            tf.math.greater(sign, tf.constant(0f)), tf.constant(positive), tf.constant(negative));
    Operand<TFloat32> flat = tf.reshape(px, tf.constant(new int[] {h * w, c}));
    Operand<TFloat32> moved =
        tf.gather(flat, tf.math.maximum(sources, tf.constant(0)), tf.constant(0));
    Operand<TFloat32> filled =
        tf.select(
            tf.broadcastTo(
                tf.expandDims(tf.math.less(sources, tf.constant(0)), tf.constant(1)),
                tf.constant(new int[] {h * w, c})),
            tf.broadcastTo(tf.constant(fillFor(fill, c)), tf.constant(new int[] {h * w, c})),
            moved);
    return tf.reshape(filled, tf.constant(new int[] {h, w, c}));
  }

  /**
   * Fills the square of side {@code size} centred at {@code center} (row, column): rows [cy -
   * size/2, cy + size/2) clipped to the image, columns likewise.
   */
  static Operand<TFloat32> cutout(
      Ops tf, Operand<TFloat32> px, int size, Operand<TInt32> center, float[] fill) {
    Shape s = px.shape();
    int h = (int) s.get(0);
    int w = (int) s.get(1);
    int c = (int) s.get(2);
    Operand<TInt32> cy = tf.gather(center, tf.constant(0), tf.constant(0));
    Operand<TInt32> cx = tf.gather(center, tf.constant(1), tf.constant(0));
    Operand<TInt32> half = tf.constant(size / 2);
    Operand<TInt32> rows = tf.range(tf.constant(0), tf.constant(h), tf.constant(1));
    Operand<TInt32> cols = tf.range(tf.constant(0), tf.constant(w), tf.constant(1));
    Operand<TBool> inRows =
        tf.math.logicalAnd(
            tf.math.greaterEqual(rows, tf.math.sub(cy, half)),
            tf.math.less(rows, tf.math.add(cy, half)));
    Operand<TBool> inCols =
        tf.math.logicalAnd(
            tf.math.greaterEqual(cols, tf.math.sub(cx, half)),
            tf.math.less(cols, tf.math.add(cx, half)));
    Operand<TBool> inside =
        tf.math.logicalAnd(
            tf.reshape(inRows, tf.constant(new int[] {h, 1, 1})),
            tf.reshape(inCols, tf.constant(new int[] {1, w, 1})));
    Operand<TInt32> shape = tf.constant(new int[] {h, w, c});
    return tf.select(
        tf.broadcastTo(inside, shape), tf.broadcastTo(tf.constant(fillFor(fill, c)), shape), px);
  }

  /** A fill colour (0-255) as configs give it; {@code name} is the augmentation's. */
  static void checkFill(String name, float fill) {
    if (!(fill >= 0 && fill <= 255)) {
      throw new IllegalArgumentException(name + ": fill must be in [0, 255], got " + fill);
    }
  }

  /** The fill colour for an image of {@code channels}: gray images take the first component. */
  static float[] fillFor(float[] fill, int channels) {
    float[] out = new float[channels];
    for (int k = 0; k < channels; k++) {
      out[k] = fill.length == 1 ? fill[0] : fill[Math.min(k, fill.length - 1)];
    }
    return out;
  }

  private static long[] channelOffsets(int c) {
    long[] offsets = new long[c];
    for (int k = 0; k < c; k++) {
      offsets[k] = 256L * k;
    }
    return offsets;
  }

  private static Operand<TFloat32> clip(Ops tf, Operand<TFloat32> v, float lo, float hi) {
    return tf.math.minimum(tf.math.maximum(v, tf.constant(lo)), tf.constant(hi));
  }

  private static Operand<TFloat64> clip(Ops tf, Operand<TFloat64> v, double lo, double hi) {
    return tf.math.minimum(tf.math.maximum(v, tf.constant(lo)), tf.constant(hi));
  }
}

package dev.rda.augment;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gather;
import org.tensorflow.op.core.Stack;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * ImageNet-style random resized crop (Szegedy et al., 2015, as torchvision defines it): a region of
 * area fraction in [scaleMin, 1] and aspect ratio in [ratioMin, ratioMax] (log- uniform), the first
 * of 10 draws that fits, else the whole image clamped to the ratio range, resized bilinearly to the
 * image's own size (or, on a decoded image, to the network's input size). Standard augmentation:
 * strength is ignored. Resampling is TensorFlow's CropAndResize (sample points span the region's
 * first to last pixel centre), not PIL's.
 */
public record RandomResizedCrop(double scaleMin, double ratioMin, double ratioMax)
    implements RegionCrop {

  private static final int ATTEMPTS = 10;

  public RandomResizedCrop {
    if (!(scaleMin > 0 && scaleMin <= 1)) {
      throw new IllegalArgumentException(
          "random-resized-crop: scale must be in (0, 1], got " + scaleMin);
    }
    if (!(ratioMin > 0 && ratioMin <= ratioMax)) {
      throw new IllegalArgumentException(
          "random-resized-crop: need 0 < ratio_min <= ratio_max, got "
              + ratioMin
              + ", "
              + ratioMax);
    }
  }

  @Override
  public Operand<TFloat32> boxes(
      Ops tf,
      Operand<TInt32> b,
      Operand<TFloat32> h,
      Operand<TFloat32> w,
      int outHeight,
      int outWidth,
      Operand<TInt64> seed) {
    Operand<TInt32> draws = tf.stack(List.of(b, tf.constant(ATTEMPTS)));
    Operand<TFloat32> area =
        tf.math.mul(
            uniform(tf, draws, Seeds.derive(tf, seed, 0), scaleMin, 1.0), tf.math.mul(h, w));
    Operand<TFloat32> ratio =
        tf.math.exp(
            uniform(tf, draws, Seeds.derive(tf, seed, 1), Math.log(ratioMin), Math.log(ratioMax)));
    Operand<TFloat32> cw = tf.math.round(tf.math.sqrt(tf.math.mul(area, ratio)));
    Operand<TFloat32> ch = tf.math.round(tf.math.sqrt(tf.math.div(area, ratio)));
    Operand<TBool> fits =
        tf.math.logicalAnd(
            tf.math.logicalAnd(tf.math.greater(cw, tf.constant(0f)), tf.math.lessEqual(cw, w)),
            tf.math.logicalAnd(tf.math.greater(ch, tf.constant(0f)), tf.math.lessEqual(ch, h)));
    // The first draw that fits, per image; none fits -> the fallback below.
    Operand<TInt32> first =
        tf.math.argMax(tf.dtypes.cast(fits, TInt32.class), tf.constant(1), TInt32.class);
    Operand<TBool> any = tf.reduceAny(fits, tf.constant(1));
    // Fallback: the whole image, clamped to the ratio range (torchvision's rule).
    Operand<TFloat32> inRatio = tf.math.div(w, h);
    Operand<TBool> tooTall = tf.math.less(inRatio, tf.constant((float) ratioMin));
    Operand<TBool> tooWide = tf.math.greater(inRatio, tf.constant((float) ratioMax));
    Operand<TFloat32> fallbackW =
        tf.select(tooWide, tf.math.round(tf.math.mul(h, tf.constant((float) ratioMax))), w);
    Operand<TFloat32> fallbackH =
        tf.select(tooTall, tf.math.round(tf.math.div(w, tf.constant((float) ratioMin))), h);
    Operand<TFloat32> cropW =
        tf.select(
            any,
            tf.gather(cw, first, tf.constant(1), Gather.batchDims(1L)),
            tf.fill(tf.expandDims(b, tf.constant(0)), fallbackW));
    Operand<TFloat32> cropH =
        tf.select(
            any,
            tf.gather(ch, first, tf.constant(1), Gather.batchDims(1L)),
            tf.fill(tf.expandDims(b, tf.constant(0)), fallbackH));
    // Offsets uniform over the positions that keep the crop inside; centred for the fallback.
    Operand<TFloat32> u =
        tf.random.statelessRandomUniform(
            tf.stack(List.of(b, tf.constant(2))), Seeds.derive(tf, seed, 2));
    Operand<TFloat32> top = offset(tf, tf.gather(u, tf.constant(0), tf.constant(1)), h, cropH, any);
    Operand<TFloat32> left =
        offset(tf, tf.gather(u, tf.constant(1), tf.constant(1)), w, cropW, any);
    Operand<TFloat32> lastRow = tf.math.sub(h, tf.constant(1f));
    Operand<TFloat32> lastCol = tf.math.sub(w, tf.constant(1f));
    return tf.stack(
        List.of(
            tf.math.div(top, lastRow),
            tf.math.div(left, lastCol),
            tf.math.div(tf.math.add(top, tf.math.sub(cropH, tf.constant(1f))), lastRow),
            tf.math.div(tf.math.add(left, tf.math.sub(cropW, tf.constant(1f))), lastCol)),
        Stack.axis(1L));
  }

  private static Operand<TFloat32> uniform(
      Ops tf, Operand<TInt32> shape, Operand<TInt64> seed, double lo, double hi) {
    Operand<TFloat32> u = tf.random.statelessRandomUniform(shape, seed);
    return tf.math.add(tf.math.mul(u, tf.constant((float) (hi - lo))), tf.constant((float) lo));
  }

  private static Operand<TFloat32> offset(
      Ops tf,
      Operand<TFloat32> u,
      Operand<TFloat32> side,
      Operand<TFloat32> crop,
      Operand<TBool> random) {
    Operand<TFloat32> room = tf.math.sub(side, crop);
    Operand<TFloat32> drawn = tf.math.floor(tf.math.mul(u, tf.math.add(room, tf.constant(1f))));
    return tf.select(random, drawn, tf.math.floor(tf.math.div(room, tf.constant(2f))));
  }
}

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
 * of 10 draws that fits, else the whole image clamped to the ratio range, resized back to the
 * image's size bilinearly. Standard augmentation: strength is ignored. Resampling is TensorFlow's
 * CropAndResize (sample points span the region's first to last pixel centre), not PIL's.
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
  public Operand<TFloat32> boxes(Ops tf, Operand<TFloat32> images, Operand<TInt64> seed) {
    int h = (int) images.shape().get(1);
    int w = (int) images.shape().get(2);
    Operand<TInt32> b = tf.gather(tf.shape(images), tf.constant(new int[] {0}), tf.constant(0));
    Operand<TInt32> draws =
        tf.concat(List.of(b, tf.constant(new int[] {ATTEMPTS})), tf.constant(0));
    Operand<TFloat32> area =
        tf.math.mul(
            uniform(tf, draws, Seeds.derive(tf, seed, 0), scaleMin, 1.0),
            tf.constant((float) (h * w)));
    Operand<TFloat32> ratio =
        tf.math.exp(
            uniform(tf, draws, Seeds.derive(tf, seed, 1), Math.log(ratioMin), Math.log(ratioMax)));
    Operand<TFloat32> cw = tf.math.round(tf.math.sqrt(tf.math.mul(area, ratio)));
    Operand<TFloat32> ch = tf.math.round(tf.math.sqrt(tf.math.div(area, ratio)));
    Operand<TBool> fits =
        tf.math.logicalAnd(
            tf.math.logicalAnd(
                tf.math.greater(cw, tf.constant(0f)),
                tf.math.lessEqual(cw, tf.constant((float) w))),
            tf.math.logicalAnd(
                tf.math.greater(ch, tf.constant(0f)),
                tf.math.lessEqual(ch, tf.constant((float) h))));
    // The first draw that fits, per image; none fits -> the fallback below.
    Operand<TInt32> first =
        tf.math.argMax(tf.dtypes.cast(fits, TInt32.class), tf.constant(1), TInt32.class);
    Operand<TBool> any = tf.reduceAny(fits, tf.constant(1));
    double inRatio = (double) w / h;
    float fallbackW =
        (float) (inRatio < ratioMin ? w : inRatio > ratioMax ? Math.round(h * ratioMax) : w);
    float fallbackH = (float) (inRatio < ratioMin ? Math.round(w / ratioMin) : h);
    Operand<TFloat32> cropW =
        tf.select(
            any,
            tf.gather(cw, first, tf.constant(1), Gather.batchDims(1L)),
            tf.fill(b, tf.constant(fallbackW)));
    Operand<TFloat32> cropH =
        tf.select(
            any,
            tf.gather(ch, first, tf.constant(1), Gather.batchDims(1L)),
            tf.fill(b, tf.constant(fallbackH)));
    // Offsets uniform over the positions that keep the crop inside; centred for the fallback.
    Operand<TFloat32> u =
        tf.random.statelessRandomUniform(
            tf.concat(List.of(b, tf.constant(new int[] {2})), tf.constant(0)),
            Seeds.derive(tf, seed, 2));
    Operand<TFloat32> top = offset(tf, tf.gather(u, tf.constant(0), tf.constant(1)), h, cropH, any);
    Operand<TFloat32> left =
        offset(tf, tf.gather(u, tf.constant(1), tf.constant(1)), w, cropW, any);
    return tf.stack(
        List.of(
            tf.math.div(top, tf.constant((float) (h - 1))),
            tf.math.div(left, tf.constant((float) (w - 1))),
            tf.math.div(
                tf.math.add(top, tf.math.sub(cropH, tf.constant(1f))),
                tf.constant((float) (h - 1))),
            tf.math.div(
                tf.math.add(left, tf.math.sub(cropW, tf.constant(1f))),
                tf.constant((float) (w - 1)))),
        Stack.axis(1L));
  }

  private static Operand<TFloat32> uniform(
      Ops tf, Operand<TInt32> shape, Operand<TInt64> seed, double lo, double hi) {
    Operand<TFloat32> u = tf.random.statelessRandomUniform(shape, seed);
    return tf.math.add(tf.math.mul(u, tf.constant((float) (hi - lo))), tf.constant((float) lo));
  }

  private static Operand<TFloat32> offset(
      Ops tf, Operand<TFloat32> u, int side, Operand<TFloat32> crop, Operand<TBool> random) {
    Operand<TFloat32> room = tf.math.sub(tf.constant((float) side), crop);
    Operand<TFloat32> drawn = tf.math.floor(tf.math.mul(u, tf.math.add(room, tf.constant(1f))));
    return tf.select(random, drawn, tf.math.floor(tf.math.div(room, tf.constant(2f))));
  }
}

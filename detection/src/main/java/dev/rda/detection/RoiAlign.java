package dev.rda.detection;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.CropAndResize;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * RoIAlign as Mask R-CNN defines it and torchvision's {@code roi_align(..., aligned=True)} computes
 * it: each RoI (image pixels, scaled by {@code 1 / stride} onto the feature map and shifted by half
 * a pixel) is cut into {@code output x output} bins, each bin sampled at {@code samplingRatio x
 * samplingRatio} evenly spaced points by bilinear interpolation, and the samples of a bin averaged.
 *
 * <p>Built from {@code crop_and_resize}, which samples a regular grid between a box's corners: the
 * grid of all bins' sample points is one such grid, {@code output * samplingRatio} points a side,
 * and an average pool of {@code samplingRatio} merges each bin's. The feature map is first padded
 * by one edge-copied pixel: torchvision reads a point up to one pixel outside the map as the
 * nearest edge value and farther points as 0, where {@code crop_and_resize} reads everything
 * outside as 0; on the padded map both agree.
 */
public final class RoiAlign {
  private RoiAlign() {}

  /**
   * The pooled RoIs, {@code [R, output, output, C]}, of {@code features} ({@code [N, H, W, C]}) for
   * {@code rois} ({@code [R, 4]}: x1, y1, x2, y2 in image pixels) of images {@code images} ({@code
   * [R]}, indices into N).
   */
  public static Operand<TFloat32> apply(
      Ops tf,
      Operand<TFloat32> features,
      Operand<TFloat32> rois,
      Operand<TInt32> images,
      int stride,
      int output,
      int samplingRatio) {
    int n = output * samplingRatio;
    Operand<TFloat32> padded =
        tf.mirrorPad(
            features, tf.constant(new int[][] {{0, 0}, {1, 1}, {1, 1}, {0, 0}}), "SYMMETRIC");
    // The padded map's last index along y and x (H + 1, W + 1): crop_and_resize's unit.
    Operand<TInt32> shape = tf.shape(features);
    Operand<TFloat32> lastY =
        tf.dtypes.cast(
            tf.math.add(tf.gather(shape, tf.constant(1), tf.constant(0)), tf.constant(1)),
            TFloat32.class);
    Operand<TFloat32> lastX =
        tf.dtypes.cast(
            tf.math.add(tf.gather(shape, tf.constant(2), tf.constant(0)), tf.constant(1)),
            TFloat32.class);
    Operand<TFloat32> scaled = tf.math.mul(rois, tf.constant(1f / stride));
    Operand<TFloat32> x1 = column(tf, scaled, 0);
    Operand<TFloat32> y1 = column(tf, scaled, 1);
    Operand<TFloat32> x2 = column(tf, scaled, 2);
    Operand<TFloat32> y2 = column(tf, scaled, 3);
    // Sample k of n along a side lies at start + (k + 0.5) / n * length, start = x1 - 0.5; the
    // padding moves every index up by one.
    Operand<TFloat32> boxes =
        tf.stack(
            java.util.List.of(
                first(tf, y1, y2, n, lastY),
                first(tf, x1, x2, n, lastX),
                last(tf, y1, y2, n, lastY),
                last(tf, x1, x2, n, lastX)),
            org.tensorflow.op.core.Stack.axis(1L));
    Operand<TFloat32> samples =
        tf.image.cropAndResize(
            padded,
            boxes,
            images,
            tf.constant(new int[] {n, n}),
            CropAndResize.method("bilinear"),
            CropAndResize.extrapolationValue(0f));
    return tf.nn.avgPool(
        samples,
        java.util.List.of(1L, (long) samplingRatio, (long) samplingRatio, 1L),
        java.util.List.of(1L, (long) samplingRatio, (long) samplingRatio, 1L),
        "VALID");
  }

  private static Operand<TFloat32> column(Ops tf, Operand<TFloat32> rois, int k) {
    return tf.reshape(
        tf.slice(rois, tf.constant(new int[] {0, k}), tf.constant(new int[] {-1, 1})),
        tf.constant(new int[] {-1}));
  }

  /** The first sample's coordinate on the padded map, over its last index. */
  private static Operand<TFloat32> first(
      Ops tf, Operand<TFloat32> lo, Operand<TFloat32> hi, int n, Operand<TFloat32> last) {
    return sample(tf, lo, hi, 0.5 / n, last);
  }

  /** The last sample's coordinate on the padded map, over its last index. */
  private static Operand<TFloat32> last(
      Ops tf, Operand<TFloat32> lo, Operand<TFloat32> hi, int n, Operand<TFloat32> last) {
    return sample(tf, lo, hi, (n - 0.5) / n, last);
  }

  private static Operand<TFloat32> sample(
      Ops tf, Operand<TFloat32> lo, Operand<TFloat32> hi, double at, Operand<TFloat32> last) {
    Operand<TFloat32> length = tf.math.sub(hi, lo);
    Operand<TFloat32> position =
        tf.math.add(
            tf.math.add(lo, tf.constant(0.5f)), tf.math.mul(length, tf.constant((float) at)));
    return tf.math.div(position, last);
  }
}

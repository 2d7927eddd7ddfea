package dev.rda.models;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;

/**
 * A k x k convolution without bias (BatchNorm follows or precedes it). Padding is symmetric (k/2 on
 * each side) as in the reference PyTorch implementations; TF's SAME would pad a strided convolution
 * only at the bottom/right, so strided ones pad explicitly.
 */
public final class Conv2d {
  private final Variable<TFloat32> kernel;
  private final int size;
  private final int stride;

  public Conv2d(Ops scope, Parameters params, int in, int out, int size, int stride) {
    this.size = size;
    this.stride = stride;
    this.kernel =
        params.trainable(scope, "kernel", Shape.of(size, size, in, out), Initializers.heNormal());
  }

  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
    return convolve(tf, x, kernel, size, stride);
  }

  /**
   * The convolution every layer uses, for any float type: {@link KernelCheck} runs it in float64,
   * on TensorFlow's reference kernels, against float32 on oneDNN's.
   *
   * <p>A strided 1x1 convolution with fewer than 16 input channels is built as the input subsampled
   * every s pixels, then a 1x1 convolution of stride 1 (the same sum): TensorFlow 2.18's oneDNN
   * kernel for its filter gradient is wrong when C_in is below the CPU's vector width. Measured
   * against float64 (batch 8, C_out 4 to 64): on AVX2 (ONEDNN_MAX_CPU_ISA=AVX2 on an AVX-512
   * machine) every case with C_in 1 to 7 on an even-sized input (6, 12, 28 px: the last row and
   * column are not read) gave a gradient 17x off or corrupted the heap and crashed the JVM, while
   * C_in 8 to 32 and odd sizes were right; on AVX-512, C_in 8 and 12 crashed from 56 px on, while
   * C_in 1, 4 and 16 to 32 were right. The subsampled form is right everywhere but cost 3-6% of a
   * PreActResNet-18 width 16 training step when used for every strided 1x1 convolution, so only the
   * narrow ones take it.
   */
  public static <T extends TNumber> Operand<T> convolve(
      Ops tf, Operand<T> x, Operand<T> kernel, int size, int stride) {
    int p = size / 2;
    if (size == 1 && stride > 1 && kernel.shape().get(2) < 16) {
      Operand<T> every = subsample(tf, x, stride);
      return tf.nn.conv2d(every, kernel, List.of(1L, 1L, 1L, 1L), "VALID");
    }
    List<Long> strides = List.of(1L, (long) stride, (long) stride, 1L);
    if (stride == 1) {
      return tf.nn.conv2d(x, kernel, strides, p == 0 ? "VALID" : "SAME");
    }
    // An explicit Pad op: Conv2D's own EXPLICIT padding has no working gradient in TensorFlow's
    // C++ gradient registry (Conv2DBackpropFilter receives no paddings).
    Operand<T> padded =
        tf.pad(
            x,
            tf.constant(new int[][] {{0, 0}, {p, p}, {p, p}, {0, 0}}),
            tf.dtypes.cast(tf.constant(0f), x.type()));
    return tf.nn.conv2d(padded, kernel, strides, "VALID");
  }

  /** Every {@code stride}-th row and column from the first, as a strided 1x1 convolution reads. */
  private static <T extends TNumber> Operand<T> subsample(Ops tf, Operand<T> x, int stride) {
    int all = 0b1111;
    return tf.stridedSlice(
        x,
        tf.constant(new int[] {0, 0, 0, 0}),
        tf.constant(new int[] {0, 0, 0, 0}),
        tf.constant(new int[] {1, stride, stride, 1}),
        StridedSlice.beginMask((long) all),
        StridedSlice.endMask((long) all));
  }
}

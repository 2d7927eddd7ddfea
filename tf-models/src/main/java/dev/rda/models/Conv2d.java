package dev.rda.models;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

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
    List<Long> strides = List.of(1L, (long) stride, (long) stride, 1L);
    int p = size / 2;
    if (stride == 1 || p == 0) {
      return tf.nn.conv2d(x, kernel, strides, p == 0 ? "VALID" : "SAME");
    }
    // An explicit Pad op: Conv2D's own EXPLICIT padding has no working gradient in TensorFlow's
    // C++ gradient registry (Conv2DBackpropFilter receives no paddings).
    Operand<TFloat32> padded =
        tf.pad(x, tf.constant(new int[][] {{0, 0}, {p, p}, {p, p}, {0, 0}}), tf.constant(0f));
    return tf.nn.conv2d(padded, kernel, strides, "VALID");
  }
}

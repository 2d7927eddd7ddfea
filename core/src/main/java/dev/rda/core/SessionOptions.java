package dev.rda.core;

import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;

/**
 * The TensorFlow session options every rda session runs with.
 *
 * <p>Measured with {@code rda bench train-step} (PreActResNet-18 width 16, 28x28x1, batch 128, 2
 * cores): oneDNN kernels ({@code TF_ENABLE_ONEDNN_OPTS=1}, set by the {@code rda} launcher and the
 * build's test configuration; it must be in the environment before TensorFlow loads) double the
 * step rate; XLA auto-clustering on the CPU ({@code TF_XLA_FLAGS=--tf_xla_auto_jit=2
 * --tf_xla_cpu_global_jit}) lowers it to 0.6x; one inter-op thread instead of two changed nothing
 * beyond noise. So: oneDNN, no XLA, as many intra- and inter-op threads as asked.
 */
public final class SessionOptions {
  private SessionOptions() {}

  /**
   * {@code threads} = 0 lets TensorFlow use every core. TensorFlow's CPU thread pools are
   * process-wide: the first session of a process sets them.
   *
   * <p>Fewer than two threads are raised to two. With a single intra-op thread TensorFlow 2.18's
   * oneDNN convolution gradients double-free in their reorder cache, and with a single inter-op
   * thread ops run on the calling Java thread, whose stack tf.data's nested functions overflow:
   * both crashed the JVM here. (Before this was found, a library initialiser had been creating the
   * process's pools with every core, so earlier "one thread" runs ran with two as well.)
   */
  public static ConfigProto of(int threads) {
    return of(threads, 0);
  }

  /** As {@link #of(int)}, offering {@code cpuDevices} CPU devices (0: TensorFlow's one). */
  public static ConfigProto of(int threads, int cpuDevices) {
    return of(threads, cpuDevices, Precision.FLOAT32);
  }

  /**
   * As above, computing in {@code precision} where this machine can ({@link
   * Precision#supportedHere()}): bfloat16 turns on grappler's oneDNN mixed precision.
   */
  public static ConfigProto of(int threads, int cpuDevices, Precision precision) {
    int n = threads == 0 ? 0 : Math.max(threads, 2);
    ConfigProto.Builder b =
        ConfigProto.newBuilder().setIntraOpParallelismThreads(n).setInterOpParallelismThreads(n);
    if (cpuDevices > 0) {
      b.putDeviceCount("CPU", cpuDevices);
    }
    if (precision.supportedHere() == Precision.BFLOAT16) {
      b.getGraphOptionsBuilder()
          .getRewriteOptionsBuilder()
          .setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON);
    }
    return b.build();
  }
}

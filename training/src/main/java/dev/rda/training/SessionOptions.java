package dev.rda.training;

import org.tensorflow.proto.ConfigProto;

/** The TensorFlow session options every rda session runs with. */
public final class SessionOptions {
  private SessionOptions() {}

  /**
   * {@code threads} = 0 lets TensorFlow use every core; 1 runs one op at a time on one thread,
   * which suits several runs side by side and repeats a run most closely. (TensorFlow's CPU thread
   * pools are process-wide: the first session of a process sets them.)
   */
  public static ConfigProto of(int threads) {
    return ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(threads)
        .setInterOpParallelismThreads(threads)
        .build();
  }
}

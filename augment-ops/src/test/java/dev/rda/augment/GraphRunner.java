package dev.rda.augment;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Test helper: builds ops on a fresh graph and fetches float results. */
final class GraphRunner implements AutoCloseable {
  final Graph graph = new Graph();
  final Ops tf = Ops.create(graph);
  private Session session;

  float[] flat(Operand<TFloat32> op) {
    return flat(op, null, null);
  }

  /** Fetches {@code op}, feeding {@code value} to {@code input} when given. */
  float[] flat(Operand<TFloat32> op, Operand<?> input, org.tensorflow.Tensor value) {
    if (session == null) {
      session = new Session(graph);
    }
    Session.Runner runner = session.runner().fetch(op);
    if (input != null) {
      runner.feed(input, value);
    }
    try (Result r = runner.run()) {
      TFloat32 t = (TFloat32) r.get(0);
      float[] out = new float[(int) t.shape().size()];
      t.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(out, false, false));
      return out;
    }
  }

  static float[][] rows(float[] flat, int cols) {
    float[][] out = new float[flat.length / cols][cols];
    for (int i = 0; i < flat.length; i++) {
      out[i / cols][i % cols] = flat[i];
    }
    return out;
  }

  @Override
  public void close() {
    if (session != null) {
      session.close();
    }
    graph.close();
  }

}

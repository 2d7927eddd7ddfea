package org.tensorflow;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeletePRunHandle;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionPRun;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionPRunSetup;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.internal.c_api.TF_Operation;
import org.tensorflow.internal.c_api.TF_Output;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.TF_Tensor;
import org.tensorflow.op.Op;
import org.tensorflow.proto.ConfigProto;

/**
 * A session that can also run a graph in steps (the C API's partial runs): the first step feeds
 * some inputs and fetches some outputs, Java computes the next step's feeds from them, the next
 * step feeds those, and every tensor computed in an earlier step is kept and reused rather than
 * computed again. This is how a Faster R-CNN step runs its backbone once although its box sampling
 * happens in Java between the RPN's outputs and the losses. TensorFlow Java has no partial runs
 * and keeps a session's native handle private, so the session is made here, in its package, with
 * the package-private {@code Session(Graph, TF_Session)} constructor, as {@link RemoteSessions}
 * does.
 */
public final class PartialRuns implements AutoCloseable {
  private final Graph graph;
  private final TF_Session handle;
  private final Session session;

  public PartialRuns(Graph graph, ConfigProto config) {
    this.graph = graph;
    TF_SessionOptions options = TF_NewSessionOptions();
    try (Graph.Reference ref = graph.ref();
        TF_Status status = TF_Status.newStatus();
        BytePointer proto = new BytePointer(config.toByteArray())) {
      TF_SetConfig(options, proto, proto.capacity(), status);
      status.throwExceptionIfNotOK();
      handle = TF_NewSession(ref.nativeHandle(), options, status);
      status.throwExceptionIfNotOK();
      session = new Session(graph, handle);
    } finally {
      TF_DeleteSessionOptions(options);
    }
  }

  /** The session, for whole runs, initialisation, saving and restoring. */
  public Session session() {
    return session;
  }

  /**
   * Starts a run in steps over everything it will ever feed and fetch and the ops it will run; the
   * steps must feed each of {@code feeds} once and fetch each of {@code fetches} once.
   */
  public Steps start(
      List<? extends Operand<?>> feeds, List<? extends Operand<?>> fetches, Op... targets) {
    // The run's handle is a C string TensorFlow allocates and TF_DeletePRunHandle frees: it is
    // kept outside the pointer scope, which would otherwise release it.
    PointerPointer<BytePointer> name = new PointerPointer<>(1);
    try (Graph.Reference ref = graph.ref();
        PointerScope scope = new PointerScope();
        TF_Status status = TF_Status.newStatus()) {
      TF_SessionPRunSetup(
          handle,
          outputs(feeds),
          feeds.size(),
          outputs(fetches),
          fetches.size(),
          operations(List.of(targets)),
          targets.length,
          name,
          status);
      status.throwExceptionIfNotOK();
    }
    Steps steps = new Steps(new BytePointer(name.get(0)));
    name.close();
    return steps;
  }

  /** One started run: its steps, in order, then {@link #close}. */
  public final class Steps implements AutoCloseable {
    private final BytePointer name;

    private Steps(BytePointer name) {
      this.name = name;
    }

    /**
     * Feeds {@code feeds}, runs {@code targets} and returns {@code fetches}' values in order (the
     * caller closes them).
     */
    public List<Tensor> step(
        Map<? extends Operand<?>, ? extends Tensor> feeds,
        List<? extends Operand<?>> fetches,
        Op... targets) {
      List<Operand<?>> fed = new ArrayList<>(feeds.keySet());
      try (Graph.Reference ref = graph.ref();
          PointerScope scope = new PointerScope();
          TF_Status status = TF_Status.newStatus()) {
        PointerPointer<TF_Tensor> values = new PointerPointer<>(Math.max(1, fed.size()));
        for (int i = 0; i < fed.size(); i++) {
          values.put(i, feeds.get(fed.get(i)).asRawTensor().nativeHandle());
        }
        PointerPointer<TF_Tensor> results = new PointerPointer<>(Math.max(1, fetches.size()));
        TF_SessionPRun(
            handle,
            name,
            outputs(fed),
            values,
            fed.size(),
            outputs(fetches),
            results,
            fetches.size(),
            operations(List.of(targets)),
            targets.length,
            status);
        status.throwExceptionIfNotOK();
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < fetches.size(); i++) {
          out.add(RawTensor.fromHandle(results.get(TF_Tensor.class, i)).asTypedTensor());
        }
        return out;
      }
    }

    @Override
    public void close() {
      TF_DeletePRunHandle(name);
    }
  }

  private static TF_Output outputs(List<? extends Operand<?>> operands) {
    TF_Output out = new TF_Output(Math.max(1, operands.size()));
    for (int i = 0; i < operands.size(); i++) {
      Output<?> o = operands.get(i).asOutput();
      out.position(i).oper(((GraphOperation) o.op()).getUnsafeNativeHandle()).index(o.index());
    }
    return out.position(0);
  }

  private static PointerPointer<TF_Operation> operations(List<Op> ops) {
    PointerPointer<TF_Operation> out = new PointerPointer<>(Math.max(1, ops.size()));
    for (int i = 0; i < ops.size(); i++) {
      out.put(i, ((GraphOperation) ops.get(i).op()).getUnsafeNativeHandle());
    }
    return out;
  }

  @Override
  public void close() {
    session.close();
  }
}

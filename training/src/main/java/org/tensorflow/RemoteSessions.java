package org.tensorflow;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetTarget;

import org.bytedeco.javacpp.BytePointer;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.ConfigProto;

/**
 * Sessions on a TensorFlow cluster: TensorFlow Java's public {@link Session} constructors take no
 * target, so a session that runs a graph through a gRPC master ({@code grpc://host:port}) is made
 * here, in TensorFlow Java's package, with the C API's {@code TF_SetTarget} and the package-private
 * {@code Session(Graph, TF_Session)} constructor. Works on the class path, where rda runs.
 */
public final class RemoteSessions {
  private RemoteSessions() {}

  public static Session open(Graph graph, String target, ConfigProto config) {
    TF_SessionOptions options = TF_NewSessionOptions();
    try (Graph.Reference ref = graph.ref();
        TF_Status status = TF_Status.newStatus();
        BytePointer proto = new BytePointer(config.toByteArray())) {
      TF_SetTarget(options, target);
      TF_SetConfig(options, proto, proto.capacity(), status);
      status.throwExceptionIfNotOK();
      TF_Session session = TF_NewSession(ref.nativeHandle(), options, status);
      status.throwExceptionIfNotOK();
      return new Session(graph, session);
    } finally {
      TF_DeleteSessionOptions(options);
    }
  }
}

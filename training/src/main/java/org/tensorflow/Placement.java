package org.tensorflow;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetRequestedDevice;

import java.util.Iterator;
import java.util.Set;

/**
 * Devices for ops that were built without one. TensorFlow's C gradient API creates backward ops
 * with no device, so TensorFlow would run every replica's backward pass on its default device; here
 * each such op is put on the device its inputs agree on (a replica's backward ops follow its
 * forward ops), with the C API's {@code TF_SetRequestedDevice}, which TF Java does not expose. Ops
 * whose placed inputs sit on different devices (the sums of the replicas' gradients) stay unplaced,
 * on the default device, beside the variables they update.
 */
public final class Placement {
  private Placement() {}

  /**
   * Places every op of {@code graph} not in {@code existing} and without a device on the one device
   * its inputs' ops share, in creation order (so chains of new ops follow along).
   *
   * @return how many ops were placed
   */
  public static int followInputs(Graph graph, Set<String> existing) {
    int placed = 0;
    try (Graph.Reference ref = graph.ref()) {
      for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
        GraphOperation op = it.next();
        if (existing.contains(op.name()) || !op.device().isEmpty()) {
          continue;
        }
        String device = null;
        boolean agree = true;
        for (int i = 0; i < op.numInputs() && agree; i++) {
          String d = ((GraphOperation) op.input(i).op()).device();
          if (!d.isEmpty()) {
            agree = device == null || device.equals(d);
            device = d;
          }
        }
        if (agree && device != null) {
          TF_SetRequestedDevice(ref.nativeHandle(), op.getUnsafeNativeHandle(), device);
          placed++;
        }
      }
    }
    return placed;
  }
}

package org.tensorflow;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_UpdateEdge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.internal.c_api.TF_Input;
import org.tensorflow.internal.c_api.TF_Output;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;

/**
 * Edits to a backward pass that let grappler's remapper fuse each BatchNorm with the ReLU after it
 * in training too (oneDNN's BatchNorm with ReLU, {@code _MklNativeFusedBatchNormEx}), as it already
 * does in evaluation. The remapper fuses only when the BatchNorm's output has the ReLU as its one
 * reader and neither has a control edge. Two things in the gradients that {@code
 * Graph.addGradients} builds break that, and both are moved here with the C API's {@code
 * TF_UpdateEdge}, which TF Java does not expose (it must run before a session first runs the
 * graph):
 *
 * <ul>
 *   <li>TensorFlow's C++ gradient of {@code Relu} computes {@code ReluGrad(dy, x)} from the ReLU's
 *       input x, a second reader of the BatchNorm's output; Python's computes it from the output y.
 *       Both give the same tensor: {@code ReluGrad} asks only where its second input is above zero,
 *       and relu(x) > 0 exactly where x > 0. So it is pointed at y.
 *   <li>The convolution, pad and mean gradients read {@code Shape(y)} and {@code Rank(y)}.
 *       Grappler's constant folding turns each into a constant with a control edge from the ReLU,
 *       which the remapper then refuses. Where y's shape is static, they read a constant of it
 *       instead.
 * </ul>
 *
 * Measured on PreActResNet-18 (width 16, 28x28x1, batch 128, traced with {@code rda bench
 * train-step --profile}): all 17 BatchNorm + ReLU pairs of a step fuse. With the ReLU gradients
 * moved and the shapes left, none did; with the shapes but not the ranks, 14.
 */
public final class BatchNormReluFusion {
  private BatchNormReluFusion() {}

  /**
   * {@code tf.gradients(loss, wrt)}, with the backward pass edited so that each BatchNorm can run
   * fused with its ReLU.
   */
  public static List<Output<?>> gradients(
      Ops tf, Operand<?> loss, Iterable<? extends Operand<?>> wrt) {
    Graph graph = (Graph) tf.scope().env();
    Set<String> forward = OpNames.of(graph);
    List<Output<?>> dy = tf.gradients(loss, wrt).dy();
    prepare(graph, forward);
    return dy;
  }

  /**
   * Edits the ops of {@code graph} not in {@code existing} (the backward pass just built).
   *
   * @return how many ReLU gradients now read their ReLU's output
   */
  static int prepare(Graph graph, Set<String> existing) {
    Map<String, GraphOperation> reluOfInput = new HashMap<>();
    List<GraphOperation> grads = new ArrayList<>();
    List<GraphOperation> measures = new ArrayList<>();
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      String type = op.type();
      if (type.equals("Relu")) {
        reluOfInput.putIfAbsent(key(op.input(0)), op);
      } else if (!existing.contains(op.name())) {
        if (type.equals("ReluGrad")) {
          grads.add(op);
        } else if (type.equals("Shape") || type.equals("Rank")) {
          measures.add(op);
        }
      }
    }
    int moved = 0;
    try (Graph.Reference ref = graph.ref();
        TF_Status status = TF_Status.newStatus()) {
      for (GraphOperation grad : grads) {
        GraphOperation relu = reluOfInput.get(key(grad.input(1)));
        if (relu != null) {
          move(ref, status, relu.output(0), grad, 1);
          moved++;
        }
      }
      Ops tf = Ops.create(graph).withSubScope("relu_shapes");
      for (GraphOperation measure : measures) {
        Output<?> of = measure.input(0);
        Shape shape = of.shape();
        boolean rank = measure.type().equals("Rank");
        // A shape with an unknown dimension (a batch of any size) is not folded, so it can stay.
        if (!of.op().type().equals("Relu")
            || shape.isUnknown()
            || (!rank && shape.hasUnknownDimension())) {
          continue;
        }
        Operand<?> value;
        if (rank) {
          value = tf.constant(shape.numDimensions());
        } else if (measure.output(0).dataType() == DataType.DT_INT64) {
          value = tf.constant(shape.asArray());
        } else {
          value = tf.constant(Arrays.stream(shape.asArray()).mapToInt(Math::toIntExact).toArray());
        }
        String measured = key(measure.output(0));
        for (GraphOperation reader : measure.consumers(0)) {
          for (int i = 0; i < reader.numInputs(); i++) {
            if (key(reader.input(i)).equals(measured)) {
              move(ref, status, value.asOutput(), reader, i);
            }
          }
        }
      }
    }
    return moved;
  }

  /** Makes input {@code index} of {@code reader} read {@code source}. */
  private static void move(
      Graph.Reference ref, TF_Status status, Output<?> source, GraphOperation reader, int index) {
    try (TF_Output output = new TF_Output();
        TF_Input input = new TF_Input()) {
      output.oper(((GraphOperation) source.op()).getUnsafeNativeHandle()).index(source.index());
      input.oper(reader.getUnsafeNativeHandle()).index(index);
      TF_UpdateEdge(ref.nativeHandle(), output, input, status);
      status.throwExceptionIfNotOK();
    }
  }

  private static String key(Output<?> output) {
    return output.op().name() + ":" + output.index();
  }
}

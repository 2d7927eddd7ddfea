package org.tensorflow;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_UpdateEdge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
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

  /** The names of {@code graph}'s ops now, to tell a backward pass built after from its forward. */
  public static Set<String> names(Graph graph) {
    Set<String> out = new HashSet<>();
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      out.add(it.next().name());
    }
    return out;
  }

  /**
   * Edits the ops of {@code graph} not in {@code existing} (the backward pass just built).
   *
   * @return how many ReLU gradients now read their ReLU's output
   */
  public static int prepare(Graph graph, Set<String> existing) {
    Map<String, GraphOperation> reluOfInput = new HashMap<>();
    for (GraphOperation relu : ops(graph, Set.of(), "Relu")) {
      reluOfInput.putIfAbsent(key(relu.input(0)), relu);
    }
    int moved = 0;
    try (Graph.Reference ref = graph.ref();
        TF_Status status = TF_Status.newStatus()) {
      for (GraphOperation grad : ops(graph, existing, "ReluGrad")) {
        GraphOperation relu = reluOfInput.get(key(grad.input(1)));
        if (relu != null) {
          move(ref, status, relu.output(0), grad, 1);
          moved++;
        }
      }
      Ops tf = Ops.create(graph).withSubScope("relu_shapes");
      List<GraphOperation> measures = ops(graph, existing, "Shape");
      measures.addAll(ops(graph, existing, "Rank"));
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

  /** The ops of {@code graph} of {@code type} not in {@code existing}, in creation order. */
  private static List<GraphOperation> ops(Graph graph, Set<String> existing, String type) {
    List<GraphOperation> out = new ArrayList<>();
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      if (op.type().equals(type) && !existing.contains(op.name())) {
        out.add(op);
      }
    }
    return out;
  }

  private static String key(Output<?> output) {
    return output.op().name() + ":" + output.index();
  }
}

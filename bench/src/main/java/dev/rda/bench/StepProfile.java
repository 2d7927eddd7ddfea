package dev.rda.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

/**
 * Where a step's time goes, from TensorFlow's own trace ({@code RunOptions.TraceLevel.FULL_TRACE}):
 * each executed node's compute time, summed by the kernel that ran it. The kernel is the op type
 * after grappler's and oneDNN's rewrites (e.g. {@code _MklNativeConv2DBackpropFilter}), read from
 * the node's timeline label {@code "name = Type(inputs)"}. With two inter-op threads kernels
 * overlap, so the sum can exceed the step's wall time; shares are of the sum.
 *
 * @param kernels op type to total microseconds over the traced steps, largest first
 * @param steps traced steps
 */
public record StepProfile(List<Kernel> kernels, int steps) {

  /** One kernel's total over the traced steps. */
  public record Kernel(String type, long micros, int nodes) {}

  /** The profile of the traced steps' metadata. */
  public static StepProfile of(List<RunMetadata> traces) {
    Map<String, long[]> byType = new HashMap<>();
    for (RunMetadata trace : traces) {
      for (DeviceStepStats device : trace.getStepStats().getDevStatsList()) {
        for (NodeExecStats node : device.getNodeStatsList()) {
          long micros = node.getOpEndRelMicros() - node.getOpStartRelMicros();
          long[] sum = byType.computeIfAbsent(kernel(node), k -> new long[2]);
          sum[0] += micros;
          sum[1]++;
        }
      }
    }
    List<Kernel> kernels = new ArrayList<>();
    int steps = Math.max(1, traces.size());
    byType.forEach((type, sum) -> kernels.add(new Kernel(type, sum[0], (int) (sum[1] / steps))));
    kernels.sort(Comparator.comparingLong(Kernel::micros).reversed());
    return new StepProfile(List.copyOf(kernels), traces.size());
  }

  /** The op type of a traced node; the node's name when its label has none (e.g. _SOURCE). */
  static String kernel(NodeExecStats node) {
    String label = node.getTimelineLabel();
    int eq = label.indexOf(" = ");
    int paren = label.indexOf('(', eq + 3);
    if (eq < 0 || paren < 0) {
      return node.getNodeName();
    }
    return label.substring(eq + 3, paren);
  }

  public long totalMicros() {
    return kernels.stream().mapToLong(Kernel::micros).sum();
  }

  /** The table: the {@code top} largest kernels, then the rest as one line. */
  public String table(int top) {
    StringBuilder out = new StringBuilder();
    double total = Math.max(1, totalMicros());
    out.append(
        String.format(
            Locale.ROOT,
            "%-44s %9s %7s %6s%n",
            "kernel (op type after rewrites)",
            "ms/step",
            "share",
            "nodes"));
    long rest = 0;
    for (int i = 0; i < kernels.size(); i++) {
      Kernel k = kernels.get(i);
      if (i < top) {
        out.append(
            String.format(
                Locale.ROOT,
                "%-44s %9.2f %6.1f%% %6d%n",
                k.type(),
                k.micros() / 1e3 / steps,
                100 * k.micros() / total,
                k.nodes()));
      } else {
        rest += k.micros();
      }
    }
    if (rest > 0) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-44s %9.2f %6.1f%%%n",
              "(" + (kernels.size() - top) + " other kernels)",
              rest / 1e3 / steps,
              100 * rest / total));
    }
    out.append(
        String.format(Locale.ROOT, "%-44s %9.2f%n", "sum of kernel times", total / 1e3 / steps));
    return out.toString();
  }
}

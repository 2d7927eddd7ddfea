package dev.rda.models;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;

/**
 * The numerical self-check on whatever CPU the suite runs on: every layer's float32 values and
 * gradients, on the kernels in use (oneDNN's, as training runs), against float64 reference kernels.
 * A kernel that is wrong on this CPU turns the suite red here.
 */
class KernelCheckTest {

  @Test
  void everyLayerMatchesTheFloat64ReferenceOnThisCpu() {
    ConfigProto twoThreads =
        ConfigProto.newBuilder()
            .setIntraOpParallelismThreads(2)
            .setInterOpParallelismThreads(2)
            .build();
    List<KernelCheck.Result> results = KernelCheck.run(twoThreads);
    StringBuilder failed = new StringBuilder();
    for (KernelCheck.Result r : results) {
      System.out.printf(
          "%-28s %-28s output %.1e gradients %.1e%n",
          r.layer(), r.shape(), r.output(), r.gradients());
      if (!r.ok()) {
        failed.append(String.format("%n  %s %s: %.2e", r.layer(), r.shape(), r.worst()));
      }
    }
    assertTrue(results.size() >= 20, "cases: " + results.size());
    assertTrue(failed.length() == 0, "kernels differ from float64 beyond 1e-4:" + failed);
  }
}

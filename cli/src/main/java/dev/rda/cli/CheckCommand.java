package dev.rda.cli;

import dev.rda.core.SessionOptions;
import dev.rda.models.KernelCheck;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code rda check}: are this CPU's kernels right for rda's layers? */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check this CPU's kernels: every layer rda's networks use, in float32 on the kernels",
      "training runs on (oneDNN's), against TensorFlow's float64 kernels: values and gradients.",
      "Exit code 1 if any differs by more than 1e-4 (relative)."
    })
final class CheckCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    List<KernelCheck.Result> results = KernelCheck.run(SessionOptions.of(2));
    int failed = 0;
    System.out.printf("%-28s %-28s %10s %10s%n", "layer", "shapes", "output", "gradients");
    for (KernelCheck.Result r : results) {
      System.out.printf(
          "%-28s %-28s %10.1e %10.1e%s%n",
          r.layer(), r.shape(), r.output(), r.gradients(), r.ok() ? "" : "  WRONG");
      failed += r.ok() ? 0 : 1;
    }
    String isa = System.getenv("ONEDNN_MAX_CPU_ISA");
    System.out.printf(
        "%d of %d layer checks within %.0e of float64 (oneDNN %s%s)%n",
        results.size() - failed,
        results.size(),
        KernelCheck.TOLERANCE,
        "1".equals(System.getenv("TF_ENABLE_ONEDNN_OPTS")) ? "on" : "off",
        isa == null ? "" : ", ONEDNN_MAX_CPU_ISA=" + isa);
    return failed == 0 ? 0 : 1;
  }
}

package dev.rda.cli;

import dev.rda.core.Precision;
import picocli.CommandLine.Option;

/** {@code --precision}, as the benchmarks take it (a picocli mixin). */
final class PrecisionOption {
  @Option(
      names = "--precision",
      paramLabel = "P",
      defaultValue = "float32",
      converter = Flags.PrecisionName.class,
      description =
          "float32 (default) or bfloat16: rda's convolutions and matrix products in bfloat16"
              + " (model.precision; only where the CPU has AVX-512 BF16 or AMX, else float32 with"
              + " a note), and the peer's whole run under torch.autocast bfloat16.")
  Precision value;
}

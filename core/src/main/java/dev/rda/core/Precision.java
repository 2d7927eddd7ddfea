package dev.rda.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The arithmetic a network's convolutions and matrix products run in. {@code bfloat16} is
 * TensorFlow's automatic mixed precision for oneDNN: grappler casts the inputs of convolutions,
 * matrix products and their gradients to bfloat16 and keeps variables, BatchNorm statistics, the
 * loss and the updates in float32 (as {@code torch.autocast("cpu", dtype=torch.bfloat16)} does). It
 * pays only where the CPU computes in bfloat16 (AVX-512 BF16 or AMX); elsewhere a run stays in
 * float32, see {@link #supportedHere()}.
 */
public enum Precision {
  FLOAT32("float32"),
  BFLOAT16("bfloat16");

  private final String id;

  Precision(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** The precision named {@code id} (null: float32). */
  public static Precision of(String id) {
    if (id == null) {
      return FLOAT32;
    }
    for (Precision p : values()) {
      if (p.id.equals(id)) {
        return p;
      }
    }
    throw new IllegalArgumentException(id + " must be one of float32, bfloat16");
  }

  // oneDNN's ISA caps (ONEDNN_MAX_CPU_ISA) that still include bfloat16 arithmetic.
  private static final Set<String> BF16_ISAS =
      Set.of(
          "AVX512_CORE_BF16",
          "AVX512_CORE_FP16",
          "AVX10_1_512",
          "AVX512_CORE_AMX",
          "AVX10_1_512_AMX",
          "AVX512_CORE_AMX_FP16",
          "AVX10_1_512_AMX_FP16",
          "ALL",
          "DEFAULT");

  /**
   * Why this machine cannot compute in bfloat16 (null: it can): the CPU lacks AVX-512 BF16 and AMX
   * ({@code /proc/cpuinfo}), or {@code ONEDNN_MAX_CPU_ISA} caps oneDNN below them.
   */
  public static String unsupportedHere() {
    String cap = System.getenv("ONEDNN_MAX_CPU_ISA");
    if (cap != null && !cap.isBlank() && !BF16_ISAS.contains(cap.trim().toUpperCase(Locale.ROOT))) {
      return "ONEDNN_MAX_CPU_ISA=" + cap + " caps oneDNN below bfloat16 arithmetic";
    }
    List<String> flags = cpuFlags();
    if (flags != null && !flags.contains("avx512_bf16") && !flags.contains("amx_bf16")) {
      return "this CPU has neither AVX-512 BF16 nor AMX";
    }
    return null;
  }

  /** The precision a session here runs when asked for {@code this}. */
  public Precision supportedHere() {
    return this == BFLOAT16 && unsupportedHere() != null ? FLOAT32 : this;
  }

  /** The flags of the first CPU in /proc/cpuinfo (null where there is none: not Linux). */
  private static List<String> cpuFlags() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("flags")) {
          return List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
        }
      }
      return List.of();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}

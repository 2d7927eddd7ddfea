package dev.rda.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** This process's resident memory, now and at its peak, as Linux reports it. */
public final class ProcessMemory {
  private ProcessMemory() {}

  /** "1,234 MiB (peak 1,300 MiB)", or "unknown" off Linux. */
  public static String describe() {
    try {
      long rss = 0;
      long peak = 0;
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = kib(line);
        } else if (line.startsWith("VmHWM:")) {
          peak = kib(line);
        }
      }
      return String.format(Locale.ROOT, "%,d MiB (peak %,d MiB)", rss / 1024, peak / 1024);
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static long kib(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }
}

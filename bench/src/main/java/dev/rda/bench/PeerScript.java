package dev.rda.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rda.core.BadInputException;
import dev.rda.core.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs one of the peer scripts ({@code ../shared/peers}) with Debian's Python beside a bench. */
public final class PeerScript {
  private PeerScript() {}

  /**
   * The JSON lines of {@code script} that carry {@code field} (its per-run results), each also
   * printed with a "peer " prefix. A script that cannot run or fails ends the command with one
   * line, as bad input does.
   */
  public static List<JsonNode> results(Path script, List<String> args, String field) {
    List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
    command.addAll(args);
    List<JsonNode> results = new ArrayList<>();
    try {
      Process p =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
        for (String line; (line = out.readLine()) != null; ) {
          JsonNode json = Json.MAPPER.readTree(line);
          if (json.has(field)) {
            System.out.println("peer " + line);
            results.add(json);
          }
        }
      }
      if (p.waitFor() != 0 || results.isEmpty()) {
        throw new BadInputException("--peer " + script + ": exited with " + p.exitValue());
      }
    } catch (IOException e) {
      throw new BadInputException("--peer " + script + ": cannot run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BadInputException("--peer " + script + ": interrupted");
    }
    return results;
  }

  /** The median of {@code values} (NaN when there are none). */
  public static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}

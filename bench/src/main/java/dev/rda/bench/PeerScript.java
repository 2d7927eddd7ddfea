package dev.rda.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rda.core.BadInputException;
import dev.rda.core.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** Runs one of the peer scripts ({@code ../shared/peers}) beside a bench. */
public final class PeerScript {
  private PeerScript() {}

  /** Debian's Python, which sees Debian's PyTorch 1.13 and torchvision. */
  public static final Path DEBIAN_PYTHON = Path.of("/usr/bin/python3");

  /**
   * The JSON lines of {@code script} that carry {@code field} (its per-run results), each also
   * printed with a "peer " prefix, run with Debian's Python. A script that cannot run or fails ends
   * the command with one line, as bad input does.
   */
  public static List<JsonNode> results(Path script, List<String> args, String field) {
    return lines(DEBIAN_PYTHON, script, args).stream().filter(j -> j.has(field)).toList();
  }

  /**
   * Every JSON line {@code script} prints when run with {@code python}, each also printed with a
   * "peer " prefix; fails as {@link #results} does, also when it prints none.
   */
  public static List<JsonNode> lines(Path python, Path script, List<String> args) {
    List<String> command = new ArrayList<>(List.of(python.toString(), script.toString()));
    command.addAll(args);
    List<JsonNode> lines = new ArrayList<>();
    String what = "--peer " + script + " (" + python + ")";
    try {
      Process p =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.startsWith("{")) {
            System.out.println("peer " + line);
            lines.add(Json.MAPPER.readTree(line));
          }
        }
      }
      if (p.waitFor() != 0 || lines.isEmpty()) {
        throw new BadInputException(what + ": exited with " + p.exitValue());
      }
    } catch (IOException e) {
      throw new BadInputException(what + ": cannot run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BadInputException(what + ": interrupted");
    }
    return lines;
  }

  /**
   * As {@link #lines}, with the script's whole run under {@code torch.autocast("cpu",
   * torch.bfloat16)} (the bfloat16 peer; {@code autocast_peer.py} says how).
   */
  public static List<JsonNode> linesInBfloat16(Path python, Path script, List<String> args) {
    List<String> all = new ArrayList<>(List.of(script.toString()));
    all.addAll(args);
    return lines(python, autocastWrapper(), all);
  }

  /** {@code autocast_peer.py}, copied out of the jar to a temporary file for one peer run. */
  private static Path autocastWrapper() {
    try (var in = PeerScript.class.getResourceAsStream("autocast_peer.py")) {
      Path file = Files.createTempFile("rda-autocast-peer", ".py");
      file.toFile().deleteOnExit();
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new BadInputException("cannot write the autocast peer wrapper: " + e.getMessage());
    }
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

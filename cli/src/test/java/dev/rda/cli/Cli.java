package dev.rda.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Test helper: runs the rda command in-process and keeps what it printed. */
final class Cli {
  private Cli() {}

  /** What a command printed and returned. */
  record Outcome(int code, String out, String err) {}

  static Outcome rda(String... args) {
    CommandLine cli = Rda.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    PrintStream stdout = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int code = cli.execute(args);
      return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(stdout);
    }
  }
}

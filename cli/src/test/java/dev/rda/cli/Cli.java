package dev.rda.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Test helper: runs the rda command in-process and keeps what it printed. */
final class Cli {
  private Cli() {}

  /** What a command printed and returned. */
  record Outcome(int code, String out, String err) {}

  /**
   * A tiny but real training of {@code preset} on generated Fashion-MNIST files in {@code data}:
   * one thread pair, width 4, batch 16, every image, no LR milestones; {@code extra} flags follow
   * (a repeated flag's last value wins).
   */
  static String[] tinyTrain(String preset, Path data, Path run, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--preset",
                preset,
                "--data",
                data.toString(),
                "--run-dir",
                run.toString(),
                "--threads",
                "1",
                "--width",
                "4",
                "--train-subset",
                "0",
                "--batch-size",
                "16",
                "--no-progress",
                "--set",
                "optimizer.milestones=[]",
                "--set",
                "data.cleanEvalImages=32"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  /**
   * A tiny detection training on a generated mini-VOC in {@code voc} over the export {@code
   * backbone}: 64 px, 2 epochs of batch 4, a narrow RPN and head; {@code extra} flags follow.
   */
  static String[] tinyDetect(Path backbone, Path voc, Path run, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "detect",
                "train",
                "--preset",
                "mini-voc",
                "--backbone",
                backbone.toString(),
                "--data",
                voc.toString(),
                "--run-dir",
                run.toString(),
                "--epochs",
                "2",
                "--batch-size",
                "4",
                "--threads",
                "1",
                "--no-progress",
                "--set",
                "scale.shorter=64",
                "--set",
                "scale.longer=64",
                "--set",
                "anchorSizes=[16,32]",
                "--set",
                "rpn.channels=16",
                "--set",
                "head.hidden=32",
                "--set",
                "milestones=[1]"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

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

package dev.rda.cli;

import dev.rda.analysis.Report;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rda report RUN... --out report.html}. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write one self-contained HTML file comparing runs in the paper's Table 1 layout.",
      "Test top-1 best, last and median of the last 10 epochs, without and with refinement side",
      "by side (runs of the same augmentation averaged), each run's curves and any SVD or sweep",
      "plot embedded."
    })
final class ReportCommand implements Callable<Integer> {

  @Parameters(paramLabel = "RUN", arity = "1..*", description = "Run directories.")
  List<Path> runs;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      defaultValue = "report.html",
      description = "The HTML file (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() {
    Report.write(Runs.open(runs), out);
    System.out.println("wrote " + out + " (" + runs.size() + " runs)");
    return 0;
  }
}

package dev.rda.cli;

import dev.rda.analysis.Report;
import dev.rda.core.BadInputException;
import dev.rda.training.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
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

  @Parameters(
      paramLabel = "RUN",
      arity = "1..*",
      description = "Run directories, or sweep directories (all their runs and the sweep plot).")
  List<Path> runs;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      defaultValue = "report.html",
      description = "The HTML file (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() {
    List<RunDirectory> dirs = new ArrayList<>();
    List<Path> pictures = new ArrayList<>();
    for (Path path : runs) {
      if (Files.exists(path.resolve("sweep.json"))) {
        try (Stream<Path> children = Files.list(path)) {
          children
              .filter(c -> Files.exists(c.resolve("config.json")))
              .sorted()
              .forEach(c -> dirs.add(RunDirectory.open(c)));
        } catch (IOException e) {
          throw new BadInputException(path, "cannot list: " + e.getMessage());
        }
        if (Files.exists(path.resolve("sweep.png"))) {
          pictures.add(path.resolve("sweep.png"));
        }
      } else {
        dirs.add(RunDirectory.open(path));
      }
    }
    Report.write(dirs, pictures, out);
    System.out.println("wrote " + out + " (" + dirs.size() + " runs)");
    return 0;
  }
}

package dev.rda.cli;

import dev.rda.core.AtomicFiles;
import dev.rda.data.Datasets;
import dev.rda.data.ImageFileReader;
import dev.rda.data.ImageFiles;
import dev.rda.data.Splits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rda data verify SPEC}: decodes every image file with the pipeline's own ops and lists
 * those that do not decode; the list can be given back to training as {@code data.exclude}.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Decode every image file of a dataset (JPEG, PNG) and list those that do not decode.",
      "With -o, the list is written as data.exclude takes it, to leave them out of training.",
      "Exit code 0 when all decode, 2 when some do not."
    })
final class DataVerifyCommand implements Callable<Integer> {

  @Parameters(paramLabel = "SPEC", description = "KIND:PATH of an image-file dataset.")
  String spec;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the paths that do not decode here, one per line.")
  Path output;

  @Option(
      names = "--threads",
      converter = Flags.Count.class,
      paramLabel = "N",
      defaultValue = "2",
      description = "Files decoded in parallel (default: ${DEFAULT-VALUE}).")
  int threads;

  @Mixin ProgressOption progressOption;

  private List<ImageFileReader.Failure> check(
      ImageFileReader reader, String split, ImageFiles files) {
    if (!progressOption.wanted) {
      return reader.verify(files, threads, done -> {});
    }
    try (ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName(split)
            .setInitialMax(files.size())
            .setUnit(" images", 1)
            .setStyle(ProgressBarStyle.ASCII)
            .setConsumer(new ConsoleProgressBarConsumer(System.err))
            .build()) {
      return reader.verify(files, threads, bar::stepTo);
    }
  }

  @Override
  public Integer call() {
    Flags.require(threads >= 1, "--threads", threads, "must be >= 1");
    Datasets.DataSpec where = Datasets.DataSpec.parse(spec);
    Flags.require(
        Datasets.kind(where.kind()).files(),
        "SPEC",
        spec,
        "is held in memory; its readers already check every record");
    Splits<ImageFiles> d = Datasets.listFiles(where.kind(), where.dir());
    List<ImageFileReader.Failure> failures = new ArrayList<>();
    int total = 0;
    try (ImageFileReader reader = new ImageFileReader(3)) {
      for (String split : List.of("train", "test")) {
        ImageFiles files = split.equals("train") ? d.train() : d.test();
        total += files.size();
        failures.addAll(check(reader, split, files));
      }
    }
    StringBuilder list = new StringBuilder();
    for (ImageFileReader.Failure f : failures) {
      System.out.println(f.path() + "\t" + f.reason());
      list.append(f.path()).append('\t').append(f.reason()).append('\n');
    }
    System.out.printf("%,d of %,d images do not decode%n", failures.size(), total);
    if (output != null) {
      AtomicFiles.write(output, list.toString().getBytes(StandardCharsets.UTF_8));
      System.out.println("wrote " + output + " (give it to training as data.exclude)");
    }
    return failures.isEmpty() ? 0 : Rda.BAD_INPUT;
  }
}

package dev.rda.cli;

import dev.rda.data.Dataset;
import dev.rda.data.Datasets;
import dev.rda.data.ImageFileReader;
import dev.rda.data.ImageFiles;
import dev.rda.data.Images;
import dev.rda.data.Normalization;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.IntSummaryStatistics;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rda data show SPEC}: the line training prints, then counts per split and image sizes. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "Print what a dataset holds: images per split and class, input size, normalisation.",
      "For image files also the native sizes of a sample. Training prints the first line.",
      "  rda data show cifar10:data/cifar-10-batches-bin",
      "  rda data show tiny-imagenet:/data/tiny-imagenet-200"
    })
final class DataShowCommand implements Callable<Integer> {

  @Parameters(paramLabel = "SPEC", description = "KIND or KIND:PATH, e.g. cifar10:/data/cifar10.")
  String spec;

  @Option(
      names = "--image-size",
      converter = Flags.Positive.class,
      paramLabel = "N",
      description = "Input side for image files (data.imageSize; default: the kind's).")
  Integer imageSize;

  @Option(
      names = "--exclude",
      paramLabel = "FILE",
      description = "Image paths to leave out, one per line (data.exclude).")
  Path exclude;

  @Option(
      names = "--sample",
      converter = Flags.Count.class,
      paramLabel = "N",
      defaultValue = "16",
      description = "Image files decoded for their native sizes (default: ${DEFAULT-VALUE}).")
  int sample;

  @Override
  public Integer call() {
    Flags.require(sample >= 0, "--sample", sample, "must be >= 0");
    Datasets.DataSpec where = Datasets.DataSpec.parse(spec);
    Dataset d = Datasets.load(where.kind(), where.dir(), imageSize, exclude);
    System.out.println(d.describe());
    System.out.println("  layout: " + Datasets.kind(where.kind()).layout());
    System.out.println("  train: " + perClass(d.train()));
    System.out.println("  test:  " + perClass(d.test()));
    Normalization n = d.normalization();
    System.out.printf(
        Locale.ROOT, "  normalisation: mean %s, std %s%n", rounded(n.mean()), rounded(n.std()));
    if (d.train() instanceof ImageFiles files && sample > 0) {
      System.out.println("  native sizes: " + nativeSizes(files));
    }
    return 0;
  }

  private static String perClass(Images set) {
    int[] count = new int[set.classes()];
    for (int label : set.labels()) {
      count[label]++;
    }
    int min = Arrays.stream(count).min().orElse(0);
    int max = Arrays.stream(count).max().orElse(0);
    long empty = Arrays.stream(count).filter(c -> c == 0).count();
    return String.format(
        Locale.ROOT,
        "%,d images, %s per class%s",
        set.size(),
        min == max
            ? String.format(Locale.ROOT, "%,d", min)
            : String.format(Locale.ROOT, "%,d to %,d", min, max),
        empty > 0 ? " (" + empty + " classes without images)" : "");
  }

  /** Height x width of a fixed random sample of training files: each size, or their range. */
  private String nativeSizes(ImageFiles files) {
    ImageFiles chosen = (ImageFiles) files.randomSubset(sample, 0);
    Map<String, Integer> sizes = new TreeMap<>();
    IntSummaryStatistics heights = new IntSummaryStatistics();
    IntSummaryStatistics widths = new IntSummaryStatistics();
    try (ImageFileReader reader = new ImageFileReader(3)) {
      for (String path : chosen.paths()) {
        ImageFileReader.Decoded im = reader.decode(path);
        sizes.merge(im.height() + "x" + im.width(), 1, Integer::sum);
        heights.accept(im.height());
        widths.accept(im.width());
      }
    }
    String found;
    if (sizes.size() <= 4) {
      StringBuilder b = new StringBuilder();
      sizes.forEach(
          (size, count) ->
              b.append(b.isEmpty() ? "" : ", ")
                  .append(size)
                  .append(" (")
                  .append(count)
                  .append(")"));
      found = b.toString();
    } else {
      found =
          String.format(
              Locale.ROOT,
              "%d different, height %d-%d, width %d-%d",
              sizes.size(),
              heights.getMin(),
              heights.getMax(),
              widths.getMin(),
              widths.getMax());
    }
    return found + " among " + chosen.size() + " sampled training images (h x w)";
  }

  private static String rounded(float[] v) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < v.length; i++) {
      b.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.4f", v[i]));
    }
    return b.append(")").toString();
  }
}

package dev.rda.cli;

import static dev.rda.cli.Flags.require;

import dev.rda.augment.AugmentRunner;
import dev.rda.augment.Augmentations;
import dev.rda.augment.BatchAugmentation;
import dev.rda.augment.SampleAugmentation;
import dev.rda.core.AtomicFiles;
import dev.rda.core.BadInputException;
import dev.rda.data.Datasets;
import dev.rda.data.ImageSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rda augment preview}: training images before and after augmentation, as a PNG grid. */
@Command(
    name = "preview",
    mixinStandardHelpOptions = true,
    description = {
      "Write a PNG grid of training images: originals above, augmented below.",
      "NAMES are per-sample augmentations applied in order and at most one batch augmentation"
          + " (applied last), as configs write them, e.g.",
      "  rda augment preview pad-crop hflip autoaugment-cifar10 'cutout(size=16)'",
      "  rda augment preview --dataset cifar10 --data data/cifar-10-batches-bin cutmix"
    })
final class AugmentPreviewCommand implements Callable<Integer> {

  @Parameters(
      paramLabel = "NAMES",
      arity = "1..*",
      description = "Augmentations, e.g. autoaugment-cifar10, 'mixup(gamma=1)'.")
  List<String> names;

  @Option(
      names = "--dataset",
      paramLabel = "KIND",
      defaultValue = "fmnist",
      description = "fmnist, cifar10 or cifar100: the in-memory kinds (default: ${DEFAULT-VALUE}).")
  String dataset;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Dataset directory (default: the kind's usual place).")
  Path data;

  @Option(
      names = {"-n", "--images"},
      converter = Flags.Positive.class,
      paramLabel = "N",
      defaultValue = "16",
      description = "Images (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(
      names = "--per-row",
      converter = Flags.Positive.class,
      paramLabel = "N",
      defaultValue = "8",
      description = "Images per row (default: ${DEFAULT-VALUE}).")
  int perRow;

  @Option(
      names = "--strength",
      paramLabel = "S",
      defaultValue = "1",
      description = "Strength of intensive augmentations, 0-1 (default: ${DEFAULT-VALUE}).")
  float strength;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "0",
      description = "Picks the images and the random draws (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--scale",
      converter = Flags.Positive.class,
      paramLabel = "K",
      defaultValue = "4",
      description = "Pixels per image pixel (default: ${DEFAULT-VALUE}).")
  int scale;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "PNG to write (default: preview-DATASET-NAMES.png).")
  Path output;

  @Override
  public Integer call() {
    require(n >= 1 && n <= 1024, "--images", n, "must be in 1..1024");
    require(perRow >= 1, "--per-row", perRow, "must be >= 1");
    require(strength >= 0 && strength <= 1, "--strength", strength, "must be in [0, 1]");
    require(scale >= 1 && scale <= 16, "--scale", scale, "must be in 1..16");
    List<SampleAugmentation> sample = new ArrayList<>();
    BatchAugmentation batch = null;
    for (String name : names) {
      try {
        if (Augmentations.batchNames().contains(nameOf(name))) {
          require(batch == null, "NAMES", names, "hold more than one batch augmentation");
          batch = Augmentations.batch(name);
        } else {
          require(
              batch == null, "NAMES", names, "put a per-sample augmentation after the batch one");
          sample.add(Augmentations.sample(name));
        }
      } catch (IllegalArgumentException e) {
        throw new BadInputException(e.getMessage());
      }
    }
    ImageSet train =
        Datasets.loadInMemory(dataset, data != null ? data : Datasets.kind(dataset).defaultDir())
            .train();
    ImageSet chosen = train.randomSubset(Math.min(n, train.size()), seed);
    int[] shape = {chosen.size(), chosen.height(), chosen.width(), chosen.channels()};
    AugmentRunner.Output out =
        AugmentRunner.augment(
            sample,
            batch,
            chosen.pixels(),
            shape,
            chosen.labels(),
            chosen.classes(),
            strength,
            seed);

    int size = chosen.imageBytes();
    List<float[][]> rows = new ArrayList<>();
    for (int start = 0; start < chosen.size(); start += perRow) {
      int count = Math.min(perRow, chosen.size() - start);
      float[][] before = new float[count][size];
      float[][] after = new float[count][size];
      for (int i = 0; i < count; i++) {
        for (int j = 0; j < size; j++) {
          before[i][j] = (chosen.pixels()[(start + i) * size + j] & 0xFF) / 255f;
        }
        after[i] = Arrays.copyOfRange(out.images(), (start + i) * size, (start + i + 1) * size);
      }
      rows.add(before);
      rows.add(after);
    }
    Path file =
        output != null ? output : Path.of("preview-" + dataset + "-" + slug(names) + ".png");
    AtomicFiles.write(
        file,
        ImageGrid.png(
            rows,
            chosen.height(),
            chosen.width(),
            chosen.channels(),
            Math.min(perRow, chosen.size()),
            scale));
    System.out.println(
        "wrote "
            + file
            + " ("
            + chosen.size()
            + " "
            + dataset
            + " training images: originals above, "
            + String.join(" + ", names)
            + " below)");
    return 0;
  }

  private static String nameOf(String spec) {
    int paren = spec.indexOf('(');
    return (paren < 0 ? spec : spec.substring(0, paren)).trim();
  }

  private static String slug(List<String> names) {
    return String.join("+", names.stream().map(AugmentPreviewCommand::nameOf).toList());
  }
}

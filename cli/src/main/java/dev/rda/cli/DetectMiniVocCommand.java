package dev.rda.cli;

import dev.rda.detection.MiniVoc;
import dev.rda.detection.Voc;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rda detect mini-voc DIR}. */
@Command(
    name = "mini-voc",
    mixinStandardHelpOptions = true,
    description = {
      "Write a small generated PascalVOC (devkit layout), to try detection without the real data.",
      "Shapes on a textured background, one class per shape (rectangle tvmonitor, ellipse sheep,",
      "triangle boat), small ones marked difficult."
    })
final class DetectMiniVocCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", description = "Folder to write VOC2007/ into.")
  Path dir;

  @Option(
      names = "--train",
      converter = Flags.Positive.class,
      paramLabel = "N",
      defaultValue = "200",
      description = "trainval images (default: ${DEFAULT-VALUE}).")
  int train;

  @Option(
      names = "--test",
      converter = Flags.Positive.class,
      paramLabel = "N",
      defaultValue = "100",
      description = "test images (default: ${DEFAULT-VALUE}).")
  int test;

  @Option(
      names = "--size",
      converter = Flags.Positive.class,
      paramLabel = "PX",
      defaultValue = "128",
      description = "Image side in pixels (default: ${DEFAULT-VALUE}).")
  int size;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "0",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    List<Voc.VocImage> images = MiniVoc.write(dir, train, test, size, seed);
    long objects = images.stream().mapToLong(i -> i.objects().size()).sum();
    long difficult =
        images.stream().flatMap(i -> i.objects().stream()).filter(Voc.VocObject::difficult).count();
    System.out.printf(
        "wrote %s: %d trainval + %d test images of %dx%d, %d objects (%d difficult)%n",
        dir.resolve("VOC2007"), train, test, size, size, objects, difficult);
    return 0;
  }
}

package dev.rda.cli;

import dev.rda.detection.ClutterVoc;
import dev.rda.detection.Voc;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rda detect clutter-voc DIR}. */
@Command(
    name = "clutter-voc",
    mixinStandardHelpOptions = true,
    description = {
      "Write a generated PascalVOC harder than mini-voc, on which detectors and backbones differ:",
      "images of 160-320 x 120-240 px, eight shape classes (tvmonitor, sheep, boat, bird,",
      "aeroplane, bus, car, bottle), 2-7 objects of 5-60% of the shorter side that overlap and",
      "occlude each other, unlabelled clutter; small or mostly hidden objects marked difficult."
    })
final class DetectClutterVocCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", description = "Folder to write VOC2007/ into.")
  Path dir;

  @Option(
      names = "--train",
      converter = Flags.Positive.class,
      paramLabel = "N",
      defaultValue = "600",
      description = "trainval images (default: ${DEFAULT-VALUE}).")
  int train;

  @Option(
      names = "--test",
      converter = Flags.Positive.class,
      paramLabel = "N",
      defaultValue = "300",
      description = "test images (default: ${DEFAULT-VALUE}).")
  int test;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "0",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    List<Voc.VocImage> images = ClutterVoc.write(dir, train, test, seed);
    long objects = images.stream().mapToLong(i -> i.objects().size()).sum();
    long difficult =
        images.stream().flatMap(i -> i.objects().stream()).filter(Voc.VocObject::difficult).count();
    System.out.printf(
        "wrote %s: %d trainval + %d test images, %d objects (%d difficult)%n",
        dir.resolve("VOC2007"), train, test, objects, difficult);
    return 0;
  }
}

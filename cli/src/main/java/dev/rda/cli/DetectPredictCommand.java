package dev.rda.cli;

import dev.rda.core.AtomicFiles;
import dev.rda.core.BadInputException;
import dev.rda.detection.BoxDrawing;
import dev.rda.detection.Canvas;
import dev.rda.detection.Detection;
import dev.rda.detection.DetectionConfig;
import dev.rda.detection.DetectionRun;
import dev.rda.detection.Detector;
import dev.rda.detection.Voc;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rda detect predict RUN IMAGE... -o DIR}. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description =
        "Detect objects in images with a detection run's last checkpoint; draws the boxes with"
            + " class and score on each image (PNG) and prints them.")
final class DetectPredictCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN", description = "Detection run directory.")
  Path runDir;

  @Parameters(index = "1..*", paramLabel = "IMAGE", description = "JPEG or PNG images.")
  List<Path> images;

  @Option(
      names = {"-o", "--out"},
      required = true,
      paramLabel = "DIR",
      description = "Folder for IMAGE-NAME.png files.")
  Path out;

  @Option(
      names = "--min-score",
      defaultValue = "0.5",
      paramLabel = "P",
      description = "Draw and print detections scoring at least P (default: ${DEFAULT-VALUE}).")
  double minScore;

  @Mixin ThreadsOption threadsOption;

  @Override
  public Integer call() throws IOException {
    DetectionRun run = DetectionRun.open(runDir);
    DetectionConfig config = run.config();
    try (Detector detector = run.detector(run.checkpoint(null), threadsOption.count)) {
      for (Path file : images) {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
          throw new BadInputException(file, "not a readable image");
        }
        Voc.VocImage asVoc =
            new Voc.VocImage(
                file.getFileName().toString(),
                file,
                image.getWidth(),
                image.getHeight(),
                List.of());
        List<Detection> found =
            detector.detect(List.of(Canvas.of(asVoc, config.scale(), false)), 0).stream()
                .filter(d -> d.score() >= minScore)
                .toList();
        String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "") + ".png";
        Path target = out.resolve(name);
        AtomicFiles.write(target, BoxDrawing.png(image, found));
        System.out.printf("%s: %d objects -> %s%n", file, found.size(), target);
        for (Detection d : found) {
          System.out.printf(
              Locale.ROOT,
              "  %-12s %.3f  [%.0f, %.0f, %.0f, %.0f]%n",
              Voc.CLASSES.get(d.label()),
              d.score(),
              d.box().x1(),
              d.box().y1(),
              d.box().x2(),
              d.box().y2());
        }
      }
    }
    return 0;
  }
}

package dev.rda.cli;

import static dev.rda.cli.Flags.require;

import dev.rda.augment.AugmentRunner;
import dev.rda.augment.AutoAugmentOp;
import dev.rda.core.AtomicFiles;
import dev.rda.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rda augment apply}: one AutoAugment operation, deterministically, on every image of a raw
 * uint8 NHWC file, through the same graph ops as training.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Apply one AutoAugment operation to every image of a raw uint8 file (N,H,W,C row-major,"
          + " no header) and write the results in the same layout.",
      "Operations: ShearX, ShearY, TranslateX, TranslateY, Rotate, AutoContrast, Invert,"
          + " Equalize, Solarize, Posterize, Contrast, Color, Brightness, Sharpness, Cutout,"
          + " SamplePairing.",
      "Example: rda augment apply --op Rotate --level 7 --sign -1 --input x.u8 --shape 4,32,32,3"
          + " --output y.u8"
    })
final class AugmentApplyCommand implements Callable<Integer> {

  @Option(
      names = "--op",
      required = true,
      paramLabel = "NAME",
      description = "The operation, as the AutoAugment paper names it.")
  String op;

  @Option(
      names = "--level",
      required = true,
      paramLabel = "L",
      description = "Magnitude level, 0-10.")
  double level;

  @Option(
      names = "--sign",
      paramLabel = "1|-1",
      defaultValue = "1",
      description = "Sign of the magnitude (default: ${DEFAULT-VALUE}).")
  int sign;

  @Option(
      names = "--center",
      paramLabel = "Y,X",
      split = ",",
      description = "Cutout's centre, row then column (default: the image centre).")
  int[] center;

  @Option(
      names = "--pair",
      paramLabel = "FILE",
      description = "SamplePairing's partner images, same layout as --input.")
  Path pair;

  @Option(
      names = "--fill",
      paramLabel = "R,G,B",
      split = ",",
      defaultValue = "128",
      description =
          "Colour of emptied pixels, one value or one per channel (default: ${DEFAULT-VALUE}).")
  float[] fill;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "FILE",
      description = "Raw uint8 images.")
  Path input;

  @Option(
      names = "--shape",
      required = true,
      paramLabel = "N,H,W,C",
      split = ",",
      description = "Layout of --input.")
  int[] shape;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "FILE",
      description = "Where to write the results.")
  Path output;

  @Override
  public Integer call() {
    AutoAugmentOp operation;
    try {
      operation = AutoAugmentOp.byName(op);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--op: " + e.getMessage());
    }
    require(level >= 0 && level <= 10, "--level", level, "must be in [0, 10]");
    require(sign == 1 || sign == -1, "--sign", sign, "must be 1 or -1");
    require(
        shape.length == 4 && Arrays.stream(shape).allMatch(d -> d >= 1),
        "--shape",
        Arrays.toString(shape),
        "must be four positive sizes N,H,W,C");
    require(shape[3] == 1 || shape[3] == 3, "--shape", Arrays.toString(shape), "needs C = 1 or 3");
    require(
        fill.length == 1 || fill.length == shape[3],
        "--fill",
        Arrays.toString(fill),
        "needs one value or one per channel");
    for (float f : fill) {
      require(f >= 0 && f <= 255, "--fill", Arrays.toString(fill), "values must be in [0, 255]");
    }
    int[] c = center != null ? center : new int[] {shape[1] / 2, shape[2] / 2};
    require(
        c.length == 2 && c[0] >= 0 && c[0] < shape[1] && c[1] >= 0 && c[1] < shape[2],
        "--center",
        Arrays.toString(c),
        "must be Y,X inside the image");
    require(
        operation != AutoAugmentOp.SAMPLE_PAIRING || pair != null,
        "--pair",
        null,
        "is needed by SamplePairing");

    long bytes = (long) shape[0] * shape[1] * shape[2] * shape[3];
    byte[] pixels = read(input, bytes);
    byte[] partner = pair == null ? null : read(pair, bytes);
    byte[] result = AugmentRunner.applyOp(operation, level, sign, c, partner, fill, pixels, shape);
    AtomicFiles.write(output, result);
    System.out.printf(
        "wrote %s: %s level %s sign %d on %d images %dx%dx%d%n",
        output, operation.paperName(), level, sign, shape[0], shape[1], shape[2], shape[3]);
    return 0;
  }

  private static byte[] read(Path file, long expected) {
    try {
      long size = Files.size(file);
      if (size != expected) {
        throw new BadInputException(file, "has " + size + " bytes, --shape needs " + expected);
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BadInputException(file, "file not found");
    } catch (IOException e) {
      throw new BadInputException(file, "cannot read: " + e.getMessage());
    }
  }
}

package dev.rda.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.data.FashionMnistTest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rda augment apply} and {@code preview} as a user runs them. */
class AugmentCliTest {
  @TempDir Path tmp;

  private Path raw(String name, byte[] bytes) throws IOException {
    return Files.write(tmp.resolve(name), bytes);
  }

  /** Two 3x4 gray images with values 0, 20, 40, ... */
  private static byte[] ramp() {
    byte[] b = new byte[24];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i * 10);
    }
    return b;
  }

  private Cli.Outcome apply(String op, Path in, Path out, String... extra) {
    String[] base = {
      "augment",
      "apply",
      "--op",
      op,
      "--input",
      in.toString(),
      "--shape",
      "2,3,4,1",
      "--output",
      out.toString()
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return Cli.rda(args);
  }

  @Test
  void applyRunsOneOperationOnEveryImage() throws IOException {
    Path in = raw("in.u8", ramp());
    Path out = tmp.resolve("out.u8");
    assertEquals(0, apply("Invert", in, out, "--level", "0").code());
    byte[] got = Files.readAllBytes(out);
    for (int i = 0; i < got.length; i++) {
      assertEquals(255 - i * 10, got[i] & 0xFF);
    }
    // Posterize level 10 keeps 0 bits: black.
    assertEquals(0, apply("Posterize", in, out, "--level", "10").code());
    assertArrayEquals(new byte[24], Files.readAllBytes(out));
    // Cutout level 1 = 2x2 square centred at row 1, column 2: rows 0-1, columns 1-2.
    assertEquals(
        0, apply("Cutout", in, out, "--level", "1", "--center", "1,2", "--fill", "7").code());
    got = Files.readAllBytes(out);
    for (int i = 0; i < got.length; i++) {
      int y = (i % 12) / 4;
      int x = i % 4;
      int expected = y <= 1 && x >= 1 && x <= 2 ? 7 : i * 10;
      assertEquals(expected, got[i] & 0xFF, "value " + i);
    }
    // TranslateX at level 10 on a 4-pixel-wide image moves by int(10 * 10 * 4/32 / 10) = 1:
    // the content shows moved left by one, the last column filled.
    assertEquals(0, apply("TranslateX", in, out, "--level", "10", "--fill", "9").code());
    got = Files.readAllBytes(out);
    for (int i = 0; i < got.length; i++) {
      assertEquals(i % 4 == 3 ? 9 : (i + 1) * 10, got[i] & 0xFF, "value " + i);
    }
    assertEquals(
        0, apply("TranslateX", in, out, "--level", "10", "--sign", "-1", "--fill", "9").code());
    got = Files.readAllBytes(out);
    for (int i = 0; i < got.length; i++) {
      assertEquals(i % 4 == 0 ? 9 : (i - 1) * 10, got[i] & 0xFF, "value " + i);
    }
    // SamplePairing level 10 blends 0.4 of the partner: 0 and 250 give 100.
    byte[] zeros = new byte[24];
    byte[] high = new byte[24];
    java.util.Arrays.fill(high, (byte) 250);
    Path pair = raw("pair.u8", high);
    assertEquals(
        0,
        apply(
                "SamplePairing",
                raw("zeros.u8", zeros),
                out,
                "--level",
                "10",
                "--pair",
                pair.toString())
            .code());
    for (byte v : Files.readAllBytes(out)) {
      assertEquals(100, v & 0xFF);
    }
  }

  @Test
  void applyRefusesBadInputWithOneLineAndWritesNothing() throws IOException {
    Path in = raw("in.u8", ramp());
    Path out = tmp.resolve("out.u8");
    Path shortFile = raw("short.u8", new byte[23]);
    assertBad(
        apply("Invert", shortFile, out, "--level", "0"),
        shortFile + ": has 23 bytes, --shape needs 24");
    assertBad(apply("Twist", in, out, "--level", "0"), "unknown AutoAugment operation 'Twist'");
    assertBad(apply("Rotate", in, out, "--level", "11"), "--level 11.0: must be in [0, 10]");
    assertBad(apply("Rotate", in, out, "--level", "3", "--sign", "2"), "--sign 2: must be 1 or -1");
    assertBad(
        apply("SamplePairing", in, out, "--level", "3"), "--pair null: is needed by SamplePairing");
    assertBad(
        apply("Cutout", in, out, "--level", "3", "--center", "5,0"),
        "--center [5, 0]: must be Y,X inside the image");
    Path missing = tmp.resolve("missing.u8");
    assertBad(apply("Invert", missing, out, "--level", "0"), missing + ": file not found");
    assertFalse(Files.exists(out));
    try (var files = Files.list(tmp)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    }
  }

  @Test
  void previewWritesAGridOfOriginalsAndAugmentedImages() throws IOException {
    Path data = Files.createDirectories(tmp.resolve("fmnist"));
    FashionMnistTest.writeFake(data, 40, 10, 12, 12, true);
    Path png = tmp.resolve("p.png");
    Cli.Outcome o =
        Cli.rda(
            "augment",
            "preview",
            "--data",
            data.toString(),
            "-n",
            "6",
            "--per-row",
            "3",
            "--scale",
            "2",
            "-o",
            png.toString(),
            "autoaugment-cifar10",
            "cutout(size=4)",
            "mixup");
    assertEquals(0, o.code(), o.err());
    BufferedImage img = ImageIO.read(png.toFile());
    // 3 per row, 2 row pairs; each cell 12*2 pixels plus a 2-pixel gap.
    assertEquals(3 * 26 + 2, img.getWidth());
    assertEquals(4 * 26 + 2, img.getHeight());
    assertBad(
        Cli.rda("augment", "preview", "--data", data.toString(), "twirl"),
        "unknown per-sample augmentation 'twirl'");
    assertBad(
        Cli.rda("augment", "preview", "--data", data.toString(), "mixup", "hflip"),
        "put a per-sample augmentation after the batch one");
  }

  private static void assertBad(Cli.Outcome o, String expected) {
    assertEquals(2, o.code(), o.err());
    assertTrue(o.err().contains(expected), o.err());
    assertEquals(1, o.err().strip().lines().count(), o.err());
  }
}

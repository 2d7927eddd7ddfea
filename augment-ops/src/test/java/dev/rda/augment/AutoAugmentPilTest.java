package dev.rda.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Every AutoAugment operation, at levels 0-10 and both signs, against PIL's own output on four
 * images (noise, gradient, gray 28x28, odd 9x13), byte for byte. The reference file comes from
 * {@code src/test/python/pil_reference.py} run with Debian's python3-pil 9.4.
 */
class AutoAugmentPilTest {
  private record Case(
      String image, String op, double level, int sign, int cy, int cx, byte[] pixels) {}

  private static final Map<String, Shape> SHAPES =
      Map.of(
          "noise",
          Shape.of(32, 32, 3),
          "gradient",
          Shape.of(32, 32, 3),
          "gray",
          Shape.of(28, 28, 1),
          "odd",
          Shape.of(9, 13, 3));

  @Test
  void everyOperationMatchesPilExactly() throws IOException {
    List<Case> cases = read();
    Map<String, byte[]> inputs = new HashMap<>();
    cases.stream().filter(c -> c.op.equals("Input")).forEach(c -> inputs.put(c.image, c.pixels));
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (Case c : cases) {
      if (c.op.equals("Input")) {
        continue;
      }
      // A small graph per case: one graph growing with every case makes each run slower.
      try (GraphRunner g = new GraphRunner()) {
        Shape shape = SHAPES.get(c.image);
        Operand<TFloat32> px =
            g.tf.constant(
                shape,
                org.tensorflow.ndarray.buffer.DataBuffers.of(
                    floats(inputs.get(c.image)), true, false));
        Operand<TFloat32> pair = g.tf.reverse(px, g.tf.constant(new int[] {0, 1}));
        Draws draws =
            new Draws(g.tf.constant((float) c.sign), g.tf.constant(new int[] {c.cy, c.cx}), pair);
        float[] out =
            g.flat(AutoAugmentOp.byName(c.op).apply(g.tf, px, c.level, draws, new float[] {128}));
        int wrong = 0;
        int first = -1;
        for (int i = 0; i < out.length; i++) {
          if (out[i] != (c.pixels[i] & 0xFF)) {
            wrong++;
            first = first < 0 ? i : first;
          }
        }
        checked++;
        if (wrong > 0) {
          failures.add(
              String.format(
                  "%s %s level %s sign %d centre %d,%d: %d of %d values differ, first at %d (%s vs"
                      + " PIL %d)",
                  c.image,
                  c.op,
                  c.level,
                  c.sign,
                  c.cy,
                  c.cx,
                  wrong,
                  out.length,
                  first,
                  out[first],
                  c.pixels[first] & 0xFF));
        }
      }
    }
    assertTrue(checked > 600, "reference cases read: " + checked);
    assertEquals(List.of(), failures, failures.size() + " cases differ");
  }

  private static float[] floats(byte[] bytes) {
    float[] out = new float[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = bytes[i] & 0xFF;
    }
    return out;
  }

  private static List<Case> read() throws IOException {
    List<Case> cases = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(
                    AutoAugmentPilTest.class.getResourceAsStream("pil-reference.txt.gz")),
                StandardCharsets.US_ASCII))) {
      for (String line; (line = r.readLine()) != null; ) {
        String[] f = line.split(" ");
        cases.add(
            new Case(
                f[0],
                f[1],
                Double.parseDouble(f[2]),
                Integer.parseInt(f[3]),
                Integer.parseInt(f[4]),
                Integer.parseInt(f[5]),
                Base64.getDecoder().decode(f[6])));
      }
    }
    return cases;
  }
}

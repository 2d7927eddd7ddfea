package dev.rda.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.training.Fixtures;
import dev.rda.training.RunDirectory;
import dev.rda.training.Summary;
import dev.rda.training.TrainConfig;
import dev.rda.training.Training;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report of a refined and an unrefined run, and the curves training draws. */
class ReportTest {
  @TempDir Path tmp;

  @Test
  void reportHoldsTheTableAndEmbedsEveryPicture() throws IOException {
    TrainConfig refined = Fixtures.config(3, 1, "mixup(gamma=1.0)");
    TrainConfig plain = Fixtures.config(3, 0, "mixup(gamma=1.0)");
    RunDirectory a = RunDirectory.create(tmp.resolve("refined"), refined);
    RunDirectory b = RunDirectory.create(tmp.resolve("plain"), plain);
    Training.train(a, Fixtures.data(refined), 2, List.of(new RunCurves(a.root())));
    Training.train(b, Fixtures.data(plain), 2, List.of());
    // The listener drew the refined run's curves while it trained.
    BufferedImage curves = ImageIO.read(a.root().resolve("curves.png").toFile());
    assertEquals(900, curves.getWidth());
    assertEquals(600, curves.getHeight());

    Path out = tmp.resolve("report.html");
    Report.write(List.of(b, a), List.of(), out);
    String html = Files.readString(out);
    assertTrue(html.startsWith("<!DOCTYPE html>"), html.substring(0, 40));
    // One row, mixup, with the unrefined run on the left and the refined one on the right.
    Summary sa = Summary.of("a", a.metrics());
    Summary sb = Summary.of("b", b.metrics());
    String row =
        String.format(
            Locale.ROOT,
            "<tr><td>mixup(gamma=1.0)</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>1</td>"
                + "<td>%.2f</td><td>%.2f</td><td>%.2f</td><td>1</td></tr>",
            sb.bestTop1(),
            sb.lastTop1(),
            sb.medianLast10Top1(),
            sa.bestTop1(),
            sa.lastTop1(),
            sa.medianLast10Top1());
    assertTrue(html.contains(row), html.substring(0, Math.min(html.length(), 3000)));
    // Two runs x (curves, accuracy): four embedded PNGs that decode, nothing linked outside.
    Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
    int images = 0;
    while (m.find()) {
      assertNotNull(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1)))));
      images++;
    }
    assertEquals(4, images);
    assertTrue(!html.contains("src=\"http") && !html.contains("href="), "self-contained");
  }
}

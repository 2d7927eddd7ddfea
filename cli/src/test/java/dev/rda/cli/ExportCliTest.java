package dev.rda.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.data.FashionMnistTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rda export} and {@code rda evaluate --saved-model} as a user runs them. */
class ExportCliTest {
  @TempDir Path tmp;

  @Test
  void exportedRunEvaluatesToItsOwnTestAccuracy() throws IOException {
    Path data = Files.createDirectories(tmp.resolve("fmnist"));
    FashionMnistTest.writeFake(data, 64, 40, 12, 12, true);
    Path run = tmp.resolve("run");
    Cli.Outcome trained = Cli.rda(Cli.tinyTrain("fmnist-standard", data, run, "--epochs", "2"));
    assertEquals(0, trained.code(), trained.err());

    Path model = tmp.resolve("model");
    Cli.Outcome export = Cli.rda("export", run.toString(), "-o", model.toString());
    assertEquals(0, export.code(), export.err());
    Matcher runTop1 = Pattern.compile("test top-1 then: ([0-9.]+)%").matcher(export.out());
    assertTrue(runTop1.find(), export.out());

    Cli.Outcome eval = Cli.rda("evaluate", "--saved-model", model.toString());
    assertEquals(0, eval.code(), eval.err());
    assertTrue(eval.out().contains("test: top-1 " + runTop1.group(1) + "% ("), eval.out());
    assertTrue(eval.out().contains("of 40)"), eval.out());

    // A new run starts from the export's weights; a wider network does not fit them.
    Path tuned = tmp.resolve("tuned");
    Cli.Outcome init =
        Cli.rda(
            Cli.tinyTrain(
                "fmnist-standard",
                data,
                tuned,
                "--epochs",
                "1",
                "--init-from",
                model.toString(),
                "--init-skip",
                "/classifier/"));
    assertEquals(0, init.code(), init.err());
    assertTrue(
        init.out().contains("network variables from " + model + " (2 left as initialised"),
        init.out());
    Path wide = tmp.resolve("wide");
    Cli.Outcome mismatch =
        Cli.rda(
            Cli.tinyTrain(
                "fmnist-standard",
                data,
                wide,
                "--epochs",
                "1",
                "--width",
                "8",
                "--init-from",
                model.toString()));
    assertEquals(2, mismatch.code());
    assertTrue(mismatch.err().contains("variables do not match"), mismatch.err());
    assertTrue(!Files.exists(wide), "no run directory left behind");

    Cli.Outcome missing = Cli.rda("evaluate", "--saved-model", tmp.resolve("none").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("not an rda SavedModel"), missing.err());
    Cli.Outcome notRun = Cli.rda("export", data.toString(), "-o", tmp.resolve("x").toString());
    assertEquals(2, notRun.code());
    assertTrue(notRun.err().contains("not a run directory"), notRun.err());
  }
}

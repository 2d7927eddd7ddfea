package dev.rda.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.data.FashionMnistTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rda analyze}, {@code rda report} and {@code rda sweep} as a user runs them. */
class AnalysisCliTest {
  @TempDir Path tmp;

  @Test
  void analysesAndReportOfATinyRun() throws IOException {
    Path data = Files.createDirectories(tmp.resolve("fmnist"));
    FashionMnistTest.writeFake(data, 64, 20, 12, 12, true);
    Path run = tmp.resolve("run");
    Cli.Outcome trained =
        Cli.rda(
            Cli.tinyTrain(
                "fmnist-mixup-refine", data, run, "--epochs", "2", "--refine-epochs", "1"));
    assertEquals(0, trained.code(), trained.err());
    for (String file :
        new String[] {"curves.png", "accuracy.png", "schedule.png", "tensorboard"}) {
      assertTrue(Files.exists(run.resolve(file)), file);
    }

    Cli.Outcome gap = Cli.rda("analyze", "gap", run.toString(), "--threads", "1");
    assertEquals(0, gap.code(), gap.err());
    assertTrue(gap.out().contains("fmnist-mixup-refine      1"), gap.out());
    assertEquals(3, Files.readAllLines(run.resolve("gap.csv")).size());

    Cli.Outcome svd = Cli.rda("analyze", "svd", run.toString(), "--threads", "1");
    assertEquals(0, svd.code(), svd.err());
    assertTrue(svd.out().contains("32 images"), svd.out());
    assertTrue(Files.exists(run.resolve("svd.png")));

    Path report = tmp.resolve("r.html");
    Cli.Outcome r = Cli.rda("report", run.toString(), "-o", report.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.readString(report).contains("mixup(gamma=1.0)"));
  }

  @Test
  void badRunsAndSweepsAreOneLine() {
    Cli.Outcome gap = Cli.rda("analyze", "gap", tmp.resolve("nothing").toString());
    assertEquals(2, gap.code());
    assertTrue(gap.err().contains("not a run directory"), gap.err());
    assertEquals(1, gap.err().strip().lines().count(), gap.err());

    Cli.Outcome sweep =
        Cli.rda(
            "sweep",
            "removal-epoch",
            "--preset",
            "fmnist-mixup-sweep",
            "--at",
            "10,50",
            "--out",
            tmp.resolve("s").toString());
    assertEquals(2, sweep.code());
    assertEquals("rda: --at 50 must be an epoch in 1..30\n", sweep.err());

    Cli.Outcome standard =
        Cli.rda(
            "sweep",
            "removal-epoch",
            "--preset",
            "fmnist-standard",
            "--at",
            "10",
            "--out",
            tmp.resolve("s2").toString());
    assertEquals(2, standard.code());
    assertTrue(standard.err().contains("no intensive augmentation"), standard.err());
  }
}

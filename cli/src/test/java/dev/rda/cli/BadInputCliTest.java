package dev.rda.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.data.FashionMnistTest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each class of bad input a user can give: one line naming the file, flag or value, exit code 2,
 * and nothing half-written; a damaged run resumes from its previous intact checkpoint.
 */
class BadInputCliTest {
  @TempDir Path tmp;
  private Path data;

  @BeforeEach
  void fakeDataset() throws IOException {
    data = Files.createDirectories(tmp.resolve("fmnist"));
    FashionMnistTest.writeFake(data, 64, 20, 12, 12, true);
  }

  private String[] tiny(Path run, String... extra) {
    return Cli.tinyTrain("fmnist-mixup-refine", data, run, extra);
  }

  private static void assertOneLine(Cli.Outcome o, String... expected) {
    assertEquals(2, o.code(), o.out() + o.err());
    assertTrue(o.err().startsWith("rda: "), o.err());
    assertEquals(1, o.err().strip().lines().count(), "one line: " + o.err());
    for (String e : expected) {
      assertTrue(o.err().contains(e), "'" + o.err().strip() + "' should say " + e);
    }
  }

  @Test
  void usageErrorsAreTheirOneLineAndWhereToLook() {
    Path run = tmp.resolve("run");
    assertOneLine(
        Cli.rda("train", "--threads"),
        "Missing required parameter for option '--threads' (N)",
        "(see 'rda train --help')");
    assertOneLine(
        Cli.rda("train", "--epochs", "lots"),
        "Invalid value for option '--epochs': 'lots' is not a whole number");
    assertOneLine(Cli.rda("train", "--colour"), "Unknown option: '--colour'");
    assertOneLine(
        Cli.rda("export", "--checkpoint"),
        "Missing required parameter for option '--checkpoint'",
        "(see 'rda export --help')");
    assertOneLine(
        Cli.rda("bench", "train-step", "--batch", "x"),
        "'--batch': 'x' is not a whole number",
        "(see 'rda bench train-step --help')");
    assertFalse(Files.exists(run));
  }

  @Test
  void numbersOutsideTheirMeaningAreRefused() {
    Path run = tmp.resolve("run");
    assertOneLine(Cli.rda(tiny(run, "--threads", "-3")), "'--threads': '-3' must be at least 0");
    assertOneLine(Cli.rda(tiny(run, "--replicas", "0")), "'--replicas': '0' must be at least 1");
    assertOneLine(
        Cli.rda(tiny(run, "--train-subset", "-5")), "'--train-subset': '-5' must be at least 0");
    assertOneLine(
        Cli.rda("bench", "train-step", "--steps", "0"), "'--steps': '0' must be at least 1");
    assertOneLine(
        Cli.rda("augment", "preview", "--data", data.toString(), "-n", "0", "hflip"),
        "'--images': '0' must be at least 1");
    assertOneLine(
        Cli.rda("sweep", "removal-epoch", "--seeds", "0"), "'--seeds': '0' must be at least 1");
    assertFalse(Files.exists(run));
  }

  @Test
  void aTrainingSubsetLargerThanTheTrainingSetIsRefused() {
    Path run = tmp.resolve("run");
    assertOneLine(
        Cli.rda(tiny(run, "--train-subset", "65")),
        "config field 'data.trainSubset': 65 is more than the 64 training images of " + data);
    assertOneLine(
        Cli.rda(tiny(run, "--set", "data.trainSubset=70000")),
        "config field 'data.trainSubset': 70000 is more than the 64 training images");
    assertFalse(Files.exists(run));
  }

  @Test
  void milestonesPastTheEndSayWhichAndHowToDropThem() {
    Path run = tmp.resolve("run");
    assertOneLine(
        Cli.rda(
            tiny(
                run,
                "--epochs",
                "4",
                "--refine-epochs",
                "1",
                "--set",
                "optimizer.milestones=[2,3]")),
        "config field 'optimizer.milestones': 3 lies past the end of the intensive phase (3"
            + " epochs; a milestone must be below that); keep the others with --set"
            + " optimizer.milestones=[2], or train longer");
    assertOneLine(
        Cli.rda(
            "detect",
            "train",
            "--preset",
            "mini-voc",
            "--backbone",
            tmp.toString(),
            "--epochs",
            "1"),
        "config field 'milestones': 9 lies past the end of training (1 epoch",
        "--set milestones=[]");
    assertFalse(Files.exists(run));
  }

  @Test
  void pathsThatCannotBeWrittenAreNamed() throws IOException {
    Path file = Files.writeString(tmp.resolve("plain-file"), "not a folder");
    String inTheWay = file + ": exists and is not a folder";
    Path run = file.resolve("run");
    assertOneLine(
        Cli.rda(tiny(run, "--epochs", "2", "--refine-epochs", "1")), run + ": not a directory");
    String[] preview = {"augment", "preview", "--data", data.toString(), "mixup", "-o", ""};
    preview[6] = file.resolve("p.png").toString();
    assertOneLine(Cli.rda(preview), inTheWay);
    // /proc takes no new files, even from root (for whom permissions are no obstacle).
    preview[6] = "/proc/rda-preview.png";
    assertOneLine(Cli.rda(preview), "/proc/rda-preview.png: ");

    Path trained = tmp.resolve("trained");
    assertEquals(0, Cli.rda(tiny(trained, "--epochs", "2", "--refine-epochs", "1")).code());
    assertOneLine(
        Cli.rda("export", trained.toString(), "-o", file.resolve("model").toString()), inTheWay);
    assertOneLine(
        Cli.rda("report", trained.toString(), "-o", file.resolve("r.html").toString()), inTheWay);
    assertOneLine(
        Cli.rda("report", trained.toString(), "-o", "/proc/rda-report.html"),
        "/proc/rda-report.html: ");
    assertEquals("not a folder", Files.readString(file), "the file in the way is untouched");
  }

  /** A finished 3-epoch run, reopened as a 4-epoch one so that a resume has work to do. */
  private Path stoppedRun() throws IOException {
    Path run = tmp.resolve("run");
    Cli.Outcome o = Cli.rda(tiny(run, "--epochs", "3", "--refine-epochs", "1"));
    assertEquals(0, o.code(), o.err());
    return oneMoreRefinementEpoch(run, 3, 1);
  }

  /** Reopens a finished run of {@code epochs} with one more refinement epoch to train. */
  private static Path oneMoreRefinementEpoch(Path run, int epochs, int refine) throws IOException {
    Path config = run.resolve("config.json");
    Files.writeString(
        config,
        Files.readString(config)
            .replace("\"epochs\" : " + epochs, "\"epochs\" : " + (epochs + 1))
            .replace("\"refineEpochs\" : " + refine, "\"refineEpochs\" : " + (refine + 1)));
    return run;
  }

  private static Cli.Outcome resume(Path run) {
    Cli.Outcome o = Cli.rda("train", "--resume", run.toString(), "--threads", "1");
    assertEquals(0, o.code(), o.err());
    return o;
  }

  private static void truncate(Path file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(f.length() / 3);
    }
  }

  private static Path dataFile(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("variables.data-"))
          .findFirst()
          .orElseThrow();
    }
  }

  @Test
  void aDamagedCheckpointIsNamedAndAResumeFallsBackToThePreviousOne() throws IOException {
    Path run = stoppedRun();
    List<String> before = Files.readAllLines(run.resolve("metrics.jsonl"));
    Path damaged = dataFile(run.resolve("checkpoints/epoch-0003"));
    truncate(damaged);

    Cli.Outcome export = Cli.rda("export", run.toString(), "-o", tmp.resolve("m").toString());
    assertOneLine(export, damaged + ": truncated (shorter than its index says)");
    assertFalse(Files.exists(tmp.resolve("m")));

    Cli.Outcome resumed = resume(run);
    assertTrue(
        resumed
            .out()
            .contains(
                "note: "
                    + damaged
                    + ": truncated (shorter than its index says);"
                    + " resuming from the checkpoint after epoch 2"),
        resumed.out());
    assertTrue(resumed.out().contains("resuming after epoch 2"), resumed.out());
    List<String> after = Files.readAllLines(run.resolve("metrics.jsonl"));
    assertEquals(4, after.size());
    assertEquals(before.subList(0, 2), after.subList(0, 2), "epochs before the checkpoint kept");

    // Both kept checkpoints damaged: nothing to resume from, said in one line.
    Path second = stoppedRunAgain(run);
    truncate(dataFile(second.resolve("checkpoints/epoch-0004")));
    truncate(dataFile(second.resolve("checkpoints/epoch-0003")));
    Files.delete(second.resolve("summary.json"));
    assertOneLine(
        Cli.rda("train", "--resume", second.toString(), "--threads", "1"),
        "no intact checkpoint to resume from",
        "epoch-0004/variables.data-");
  }

  /** {@code run} (finished at 4 epochs, best epoch among the kept) reopened as a 5-epoch run. */
  private static Path stoppedRunAgain(Path run) throws IOException {
    oneMoreRefinementEpoch(run, 4, 2);
    // Keep only the last two checkpoints, as a run without a better earlier epoch would.
    try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        if (n.startsWith("epoch-") && !n.equals("epoch-0004") && !n.equals("epoch-0003")) {
          dev.rda.training.RunDirectory.deleteTree(p);
        }
      }
    }
    return run;
  }

  @Test
  void aLatestPointerToAMissingCheckpointFallsBackAndSaysSo() throws IOException {
    Path run = stoppedRun();
    Files.writeString(
        run.resolve("checkpoints/latest.json"), "{\"epoch\": 4, \"directory\": \"epoch-0004\"}");
    Cli.Outcome resumed = resume(run);
    assertTrue(
        resumed
            .out()
            .contains(
                "epoch-0004: missing (checkpoints/latest.json names it);"
                    + " resuming from the checkpoint after epoch 3"),
        resumed.out());
    assertTrue(resumed.out().contains("epoch   4/4"), resumed.out());
    assertTrue(Files.exists(run.resolve("summary.json")));

    // A finished run whose pointer is dangling and whose summary is gone: not "complete".
    Files.writeString(
        run.resolve("checkpoints/latest.json"), "{\"epoch\": 7, \"directory\": \"epoch-0007\"}");
    Files.delete(run.resolve("summary.json"));
    Cli.Outcome again = resume(run);
    assertFalse(again.out().contains("run already complete"), again.out());
    assertTrue(again.out().contains("epoch-0007: missing"), again.out());
    assertTrue(Files.exists(run.resolve("summary.json")), "the summary is written again");
  }

  @Test
  void aDamagedSavedModelNamesItsFile() throws IOException {
    Path run = tmp.resolve("run");
    assertEquals(0, Cli.rda(tiny(run, "--epochs", "2", "--refine-epochs", "1")).code());
    Path model = tmp.resolve("model");
    assertEquals(0, Cli.rda("export", run.toString(), "-o", model.toString()).code());
    Path variables = dataFile(model.resolve("variables"));
    truncate(variables);
    assertOneLine(
        Cli.rda("evaluate", "--saved-model", model.toString()),
        variables + ": truncated (shorter than its index says)");
    assertOneLine(
        Cli.rda(tiny(tmp.resolve("tuned"), "--init-from", model.toString())),
        variables + ": truncated");
    assertFalse(Files.exists(tmp.resolve("tuned")), "no run directory left behind");
    Files.delete(model.resolve("variables/variables.index"));
    assertOneLine(
        Cli.rda("evaluate", "--saved-model", model.toString()), "variables.index: missing");
  }
}

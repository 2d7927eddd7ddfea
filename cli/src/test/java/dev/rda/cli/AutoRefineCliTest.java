package dev.rda.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.data.FashionMnistTest;
import dev.rda.training.RunDirectory;
import dev.rda.training.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rda train --refine auto} and a study's auto cell, on generated Fashion-MNIST. */
class AutoRefineCliTest {
  @TempDir Path tmp;
  private Path data;

  @BeforeEach
  void fakeData() throws IOException {
    data = Files.createDirectories(tmp.resolve("fmnist"));
    FashionMnistTest.writeFake(data, 64, 20, 12, 12, true);
  }

  @Test
  void refineAutoHoldsImagesOutSwitchesWhereItsRuleSaysAndSaysSo() throws IOException {
    Path run = tmp.resolve("run");
    // minDelta 10: no epoch improves on the first, so with patience 1 the rule fires after
    // epoch 2 of at most 5 intensive ones; one refinement epoch follows and the run ends at 3.
    Cli.Outcome out =
        Cli.rda(
            Cli.tinyTrain(
                "fmnist-mixup-refine",
                data,
                run,
                "--epochs",
                "6",
                "--refine-epochs",
                "1",
                "--refine",
                "auto",
                "--set",
                "autoRefine={\"patience\": 1, \"minDelta\": 10}"));
    assertEquals(0, out.code(), out.out() + out.err());
    assertTrue(out.out().contains("(refine: auto, at most 5 intensive + 1 refine)"), out.out());
    assertTrue(
        out.out().contains("refine: auto switches after epoch 2: the held-out loss has not"),
        out.out());
    assertTrue(out.out().contains("epoch   3/3 refine"), out.out());
    RunDirectory dir = RunDirectory.open(run);
    TrainConfig config = dir.config();
    assertEquals(0.1, config.data().heldOut(), "--refine auto's default held-out fraction");
    assertEquals(new TrainConfig.AutoRefine(1, 10.0, null), config.autoRefine());
    assertEquals(3, dir.metrics().size());
    assertEquals(3, dir.plan().epochs());
    assertTrue(Files.exists(run.resolve("refine.json")));
    assertTrue(dir.metrics().get(0).heldOutLoss() != null);

    // The finished run is complete as it stands: a resume trains nothing.
    Cli.Outcome again = Cli.rda("train", "--resume", run.toString(), "--threads", "1");
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().startsWith("run already complete"), again.out());

    // A held-out fraction the config gives is kept.
    Path other = tmp.resolve("other");
    Cli.Outcome kept =
        Cli.rda(
            Cli.tinyTrain(
                "fmnist-mixup-refine",
                data,
                other,
                "--epochs",
                "2",
                "--refine-epochs",
                "1",
                "--refine",
                "auto",
                "--set",
                "data.heldOut=0.25"));
    assertEquals(0, kept.code(), kept.err());
    assertEquals(0.25, RunDirectory.open(other).config().data().heldOut());
    assertEquals(
        new TrainConfig.AutoRefine(3, 0.0, null), RunDirectory.open(other).config().autoRefine());
  }

  @Test
  void badRefineFlagsGiveOneLineAndExitCode2() {
    Cli.Outcome bad = Cli.rda("train", "--refine", "later");
    assertEquals(2, bad.code());
    assertEquals(1, bad.err().lines().count(), bad.err());
    assertTrue(bad.err().contains("--refine") && bad.err().contains("later"), bad.err());

    Cli.Outcome resume = Cli.rda("train", "--resume", tmp.toString(), "--refine", "auto");
    assertEquals(2, resume.code());
    assertTrue(resume.err().startsWith("rda: --resume continues a run"), resume.err());

    // A preset without refinement has nothing to switch to.
    Cli.Outcome none =
        Cli.rda(Cli.tinyTrain("fmnist-mixup", data, tmp.resolve("none"), "--refine", "auto"));
    assertEquals(2, none.code());
    assertEquals("rda: config field 'refineEpochs': 0 must be >= 1 with autoRefine\n", none.err());
  }

  @Test
  void aStudysAutoCellForksBeforeAnySwitchAndReportsWhereItSwitched() throws IOException {
    Path spec =
        Files.writeString(
            tmp.resolve("auto.yaml"),
            "name: tiny-auto\n"
                + "seeds: 2\n"
                + "base:\n"
                + "  preset: fmnist-standard\n"
                + "  set: {data.path: \""
                + data
                + "\", model.width: 4, batchSize: 16, data.trainSubset: 48,"
                + " data.cleanEvalImages: 16, data.heldOut: 0.25, epochs: 4,"
                + " optimizer.milestones: []}\n"
                + "cells:\n"
                + "  - name: mixup\n"
                + "    set: {augment.batch: \"mixup(gamma=1.0)\"}\n"
                + "    refine: {epochs: 1, auto: {patience: 1, minDelta: 10}}\n");
    Path out = tmp.resolve("study");
    Cli.Outcome plan =
        Cli.rda("study", spec.toString(), "--dry-run", "--out", out.toString(), "--threads", "1");
    assertEquals(0, plan.code(), plan.err());
    // No milestones: the rule counts from epoch 1 and, with patience 1, may fire after epoch 2.
    assertTrue(plan.out().matches("(?s).*mixup-auto +5 mixup after epoch 1 +4 .*"), plan.out());

    Cli.Outcome run =
        Cli.rda(
            "study", spec.toString(), "--out", out.toString(), "--threads", "1", "--no-progress");
    assertEquals(0, run.code(), run.out() + run.err());
    // Per seed mixup trains 4 epochs, mixup-refine 1, mixup-auto 2 of its at most 4.
    assertTrue(run.out().contains("study tiny-auto: 6 of 6 runs done, 14 of 14 epochs"), run.out());
    assertTrue(
        run.out().contains("mixup-auto switched after epoch, seed by seed: seed 0: 2, seed 1: 2"),
        run.out());
    assertTrue(run.out().contains("mixup-auto - mixup-refine"), run.out());
    RunDirectory auto = RunDirectory.open(out.resolve("mixup-auto-seed0"));
    assertEquals(3, auto.metrics().size());
    assertEquals("refine", auto.metrics().get(2).phase());
    // Its first epoch is the unrefined run's, forked; its second it trained itself, alike.
    RunDirectory plain = RunDirectory.open(out.resolve("mixup-seed0"));
    assertEquals(plain.metrics().get(1).testLoss(), auto.metrics().get(1).testLoss());
    String html = Files.readString(out.resolve("report.html"));
    assertTrue(html.contains("mixup-auto (refine: auto) switched after epoch"), html);
  }
}

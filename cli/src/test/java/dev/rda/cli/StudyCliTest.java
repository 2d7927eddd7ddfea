package dev.rda.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.data.FashionMnistTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rda study}: a tiny study file end to end, the shipped ones, and bad study files. */
class StudyCliTest {
  @TempDir Path tmp;

  /** A study of standard and Mixup (+ refinement) on generated Fashion-MNIST: 2-3 epochs. */
  private Path tinyStudy(Path data, String cells) throws IOException {
    return Files.writeString(
        tmp.resolve("tiny.yaml"),
        "name: tiny\n"
            + "about: a tiny study\n"
            + "seeds: 2\n"
            + "base:\n"
            + "  preset: fmnist-standard\n"
            + "  set: {data.path: \""
            + data
            + "\", model.width: 4, batchSize: 16, data.trainSubset: 32,"
            + " data.cleanEvalImages: 16, epochs: 2, optimizer.milestones: []}\n"
            + "cells:\n"
            + cells);
  }

  private static final String CELLS =
      "  - name: standard\n"
          + "  - name: mixup\n"
          + "    set: {augment.batch: \"mixup(gamma=1.0)\"}\n"
          + "    refine: {epochs: 1}\n";

  @Test
  void trainsATinyStudyAndReportsItsTable() throws IOException {
    Path data = Files.createDirectories(tmp.resolve("fmnist"));
    FashionMnistTest.writeFake(data, 64, 20, 12, 12, true);
    Path spec = tinyStudy(data, CELLS);
    Path out = tmp.resolve("study");
    Cli.Outcome plan =
        Cli.rda("study", spec.toString(), "--dry-run", "--out", out.toString(), "--threads", "1");
    assertEquals(0, plan.code(), plan.err());
    assertTrue(
        plan.out().contains("mixup-refine") && plan.out().contains("mixup after epoch 2"),
        plan.out());
    assertTrue(plan.out().contains("per seed: 5 epochs trained of 7 (2 shared)"), plan.out());
    assertFalse(Files.exists(out), "a dry run writes nothing");

    Cli.Outcome run =
        Cli.rda(
            "study", spec.toString(), "--out", out.toString(), "--threads", "1", "--no-progress");
    assertEquals(0, run.code(), run.out() + run.err());
    assertTrue(run.out().contains("study tiny: 6 of 6 runs done, 10 of 10 epochs"), run.out());
    assertTrue(run.out().contains("mixup-refine - mixup"), run.out());
    assertTrue(run.out().contains("report: " + out.resolve("report.html")), run.out());
    String html = Files.readString(out.resolve("report.html"));
    assertTrue(html.contains("Paired differences") && html.contains("data:image/png"), html);
    assertEquals(1 + 6, Files.readAllLines(out.resolve("study.csv")).size());

    Cli.Outcome report = Cli.rda("study", spec.toString(), "--out", out.toString(), "--report");
    assertEquals(0, report.code(), report.err());
    assertTrue(report.out().startsWith("tiny: test top-1 %"), report.out());

    // A changed plan in the same directory is refused, naming the difference.
    Path changed = tinyStudy(data, CELLS.replace("gamma=1.0", "gamma=0.5"));
    Cli.Outcome refused = Cli.rda("study", changed.toString(), "--out", out.toString());
    assertEquals(2, refused.code());
    assertEquals(
        "rda: "
            + out
            + " holds another plan (cell 'mixup': augment.batch is \"mixup(gamma=0.5)\" here,"
            + " \"mixup(gamma=1.0)\" there): choose another --out\n",
        refused.err());
  }

  @Test
  void badStudyFilesGiveOneLineAndExitCode2() throws IOException {
    Path data = tmp.resolve("nowhere");
    String[][] cases = {
      {CELLS + "    refinee: 3\n", "unknown config field 'cells[1].refinee'"},
      {CELLS.replace("epochs: 1}", "epochs: 0}"), "'cells[mixup].refine.epochs': 0 must be >= 1"},
      {
        "  - name: narrow\n    set: {model.width: 0}\n",
        "cell 'narrow': config field 'model.width': 0 must be >= 1"
      },
      {"  - name: x\n    versus: [y]\n", "config field 'cells[x].versus': y is not another cell"},
    };
    for (String[] c : cases) {
      Path spec = tinyStudy(data, c[0]);
      Cli.Outcome o = Cli.rda("study", spec.toString(), "--dry-run");
      assertEquals(2, o.code(), c[1] + ": " + o.err());
      assertTrue(o.err().contains(c[1]), o.err());
      assertEquals(1, o.err().lines().count(), o.err());
    }
    Path spec = tinyStudy(data, CELLS);
    Files.writeString(spec, Files.readString(spec).replace("seeds: 2", "seeds: 0"));
    Cli.Outcome zero = Cli.rda("study", spec.toString(), "--dry-run");
    assertEquals(2, zero.code());
    assertEquals("rda: " + spec + ": config field 'seeds': 0 must be >= 1\n", zero.err());
    Cli.Outcome missing = Cli.rda("study", tmp.resolve("none.yaml").toString());
    assertEquals("rda: " + tmp.resolve("none.yaml") + ": study file not found\n", missing.err());
    Cli.Outcome unknown = Cli.rda("study", "table9");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().startsWith("rda: unknown study 'table9'"), unknown.err());
    Cli.Outcome only =
        Cli.rda("study", "fmnist", "--only", "cutmixx", "--out", tmp.resolve("o").toString());
    assertEquals(2, only.code());
    assertTrue(only.err().startsWith("rda: no cell 'cutmixx' in study fmnist"), only.err());
  }

  @Test
  void shipsThePapersTablesGeneratedFromOneRecipeFile() {
    Cli.Outcome list = Cli.rda("study", "--list");
    assertEquals(0, list.code(), list.err());
    for (String name : PaperStudies.names()) {
      var plan = StudySpecs.load(name, null); // every generated study is a valid plan
      assertEquals(3, plan.seeds());
      assertTrue(list.out().contains(name));
    }
    var table1 = StudySpecs.load("table1-preact18-cifar100", null);
    assertEquals(
        java.util.List.of(
            "standard",
            "mixup",
            "mixup-refine",
            "manifold-mixup",
            "manifold-mixup-refine",
            "cutmix",
            "cutmix-refine",
            "autoaugment",
            "autoaugment-refine"),
        table1.cells().stream().map(c -> c.name()).toList());
    var refined = table1.cell("mixup-refine").config();
    assertEquals(450, refined.epochs());
    assertEquals(50, refined.refineEpochs());
    assertEquals(java.util.List.of(150, 275), refined.optimizer().milestones());
    assertEquals("cifar100", refined.data().dataset());
    // WideResNet with AutoAugment: cosine LR, dropout 0.3, refinement at 0.001; the other cells
    // keep the network's step schedule.
    var wrn = StudySpecs.load("table1-wrn28-10-cifar100", null);
    var autoaugment = wrn.cell("autoaugment-refine").config();
    assertEquals("cosine", autoaugment.optimizer().learningRate().kind());
    assertEquals(0.3f, autoaugment.model().dropout());
    assertEquals(0.001, autoaugment.optimizer().refineLr());
    assertEquals("step", wrn.cell("mixup").config().optimizer().learningRate().kind());
    assertTrue(list.out().contains("table1-shake-shake-cifar100"), list.out());
    assertTrue(PaperStudies.unavailable().isEmpty(), PaperStudies.unavailable().toString());

    var t5 = StudySpecs.load("table5-resnet50-imagenet", null);
    assertEquals(320, t5.cell("autoaugment-imagenet-refine").config().epochs());
    assertEquals(1e-4, t5.cell("autoaugment-imagenet-refine").config().optimizer().refineLr());
  }
}

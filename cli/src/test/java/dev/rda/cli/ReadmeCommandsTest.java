package dev.rda.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.data.FashionMnistTest;
import dev.rda.data.ImageFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command the README shows, run on small settings, in the order a user would meet them; and a
 * check that the README shows no command this test does not run, so the next command that breaks
 * (as {@code augment preview mixup} once did, unseen) turns the suite red.
 */
class ReadmeCommandsTest {
  @TempDir Path tmp;
  private final Set<String> ran = new TreeSet<>();

  /** Runs {@code args} as the CLI does and requires success; records the command it ran. */
  private Cli.Outcome ok(String... args) {
    Cli.Outcome o = Cli.rda(args);
    assertEquals(0, o.code(), String.join(" ", args) + "\n" + o.out() + o.err());
    ran.add(commandPath(List.of(args)));
    return o;
  }

  /** The subcommand names at the start of {@code words}, e.g. "detect train". */
  private static String commandPath(List<String> words) {
    CommandLine cmd = Rda.commandLine();
    List<String> path = new ArrayList<>();
    for (String w : words) {
      CommandLine sub = cmd.getSubcommands().get(w);
      if (sub == null) {
        break;
      }
      path.add(w);
      cmd = sub;
    }
    return String.join(" ", path);
  }

  /** Every {@code ./rda ...} command of the README, in code blocks and in running text. */
  private static Set<String> readmeCommands() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    Set<String> commands = new TreeSet<>();
    Matcher m = Pattern.compile("\\./rda((?: +[a-z][a-z-]*)+)").matcher(readme);
    while (m.find()) {
      commands.add(commandPath(List.of(m.group(1).trim().split(" +"))));
    }
    commands.remove("");
    return commands;
  }

  @Test
  void everyCommandTheReadmeShowsRunsOnSmallSettings() throws IOException {
    Path data = Files.createDirectories(tmp.resolve("fmnist"));
    FashionMnistTest.writeFake(data, 64, 20, 12, 12, true);
    String fmnist = "fmnist:" + data;
    ok("presets");
    ok("models");
    ok("models", "--input", "64x64x3", "--classes", "200");
    ok("train", "--help");
    Cli.Outcome check = ok("check");
    assertTrue(check.out().contains(" layer checks within 1e-04 of float64"), check.out());

    // Training, resume, fork, replicas, config files and flags.
    Path run = tmp.resolve("mixup-refine");
    ok(Cli.tinyTrain("fmnist-mixup-refine", data, run, "--epochs", "3", "--refine-epochs", "1"));
    ok("train", "--resume", run.toString(), "--threads", "1");
    // The unrefined twin shares the epochs before the switch: fork it from a copy of the run
    // stopped there (as a run killed after epoch 2 is).
    Path stopped = tmp.resolve("mixup-refine-at2");
    ok(
        Cli.tinyTrain(
            "fmnist-mixup-refine", data, stopped, "--epochs", "3", "--refine-epochs", "1"));
    Files.writeString(
        stopped.resolve("checkpoints/latest.json"),
        "{\"epoch\": 2, \"directory\": \"epoch-0002\"}");
    Path fork = tmp.resolve("mixup-unrefined");
    ok(
        Cli.tinyTrain(
            "fmnist-mixup",
            data,
            fork,
            "--epochs",
            "3",
            "--fork",
            stopped.toString(),
            "--seed",
            "0"));
    Path yaml = Files.writeString(tmp.resolve("my.yaml"), "optimizer:\n  lr: 0.05\n");
    ok(
        Cli.tinyTrain(
            "fmnist-standard",
            data,
            tmp.resolve("config"),
            "--config",
            yaml.toString(),
            "--epochs",
            "2",
            "--replicas",
            "2",
            "--sync-bn"));

    // Data.
    ok("data", "show", fmnist);
    Path folder = tmp.resolve("folder");
    ImageFixtures.classFolders(folder, "train", List.of("a", "b"), new int[] {3, 3}, 8, 0);
    ImageFixtures.classFolders(folder, "val", List.of("a", "b"), new int[] {1, 1}, 8, 6);
    ok("data", "verify", "folder:" + folder, "-o", tmp.resolve("bad.txt").toString());

    // Augmentations: each family's preview, and one operation applied to a raw file.
    String[][] previews = {
      {"pad-crop", "hflip"},
      {"mixup"},
      {"cutmix"},
      {"autoaugment-cifar10", "cutout(size=6,fill=0)"},
      {"randaugment"},
      {"random-resized-crop"},
      {"manifold-mixup"},
    };
    for (String[] names : previews) {
      List<String> args =
          new ArrayList<>(List.of("augment", "preview", "--data", data.toString(), "-n", "4"));
      args.add("-o");
      args.add(tmp.resolve("preview-" + names[0] + ".png").toString());
      args.addAll(List.of(names));
      ok(args.toArray(String[]::new));
      assertTrue(Files.size(tmp.resolve("preview-" + names[0] + ".png")) > 100);
    }
    Path raw = Files.write(tmp.resolve("x.u8"), new byte[2 * 8 * 8 * 3]);
    ok(
        "augment",
        "apply",
        "--op",
        "Rotate",
        "--level",
        "7",
        "--sign",
        "-1",
        "--input",
        raw.toString(),
        "--shape",
        "2,8,8,3",
        "--output",
        tmp.resolve("y.u8").toString());

    // Studies: the shipped ones and a plan (StudyCliTest trains a tiny one).
    ok("study", "--list");
    Cli.Outcome plan = ok("study", "fmnist", "--dry-run", "--threads", "1");
    assertTrue(plan.out().contains("estimated time on this machine"), plan.out());
    ok("study", "table1-preact18-cifar100", "--show");

    // Analyses, report, sweep.
    ok("analyze", "gap", run.toString(), "--threads", "1");
    ok("analyze", "svd", run.toString(), fork.toString(), "-o", tmp.resolve("svd.png").toString());
    ok("analyze", "curves", run.toString());
    ok("report", run.toString(), fork.toString(), "-o", tmp.resolve("report.html").toString());
    ok(
        "sweep",
        "removal-epoch",
        "--preset",
        "fmnist-mixup-sweep",
        "--at",
        "1",
        "--seeds",
        "1",
        "--threads",
        "1",
        "--out",
        tmp.resolve("sweep").toString(),
        "--set",
        "epochs=2",
        "--set",
        "optimizer.milestones=[]",
        "--set",
        "model.width=4",
        "--set",
        "batchSize=16",
        "--set",
        "data.trainSubset=32",
        "--set",
        "data.cleanEvalImages=16",
        "--set",
        "data.path=\"" + data + "\"");

    // Export, evaluation through the export, a new run from its weights.
    Path export = tmp.resolve("export");
    ok("export", run.toString(), "--checkpoint", "best", "-o", export.toString());
    ok("evaluate", "--saved-model", export.toString());
    ok(
        Cli.tinyTrain(
            "fmnist-standard",
            data,
            tmp.resolve("tuned"),
            "--epochs",
            "1",
            "--init-from",
            export.toString(),
            "--init-skip",
            "/classifier/"));

    // Detection on a generated mini-VOC over a width-16 backbone.
    Path classifier = tmp.resolve("classifier");
    ok(Cli.tinyTrain("fmnist-standard", data, classifier, "--epochs", "1", "--width", "16"));
    Path backbone = tmp.resolve("backbone");
    ok("export", classifier.toString(), "-o", backbone.toString());
    Path voc = tmp.resolve("voc");
    ok("detect", "mini-voc", voc.toString(), "--train", "4", "--test", "2", "--size", "64");
    Path det = tmp.resolve("det");
    ok(Cli.tinyDetect(backbone, voc, det, "--epochs", "1", "--set", "milestones=[]"));
    ok("detect", "evaluate", det.toString(), "--threads", "1");
    Path image = voc.resolve("VOC2007/JPEGImages/000004.jpg");
    if (!Files.exists(image)) {
      try (var s = Files.list(voc.resolve("VOC2007/JPEGImages"))) {
        image = s.sorted().findFirst().orElseThrow();
      }
    }
    ok("detect", "predict", det.toString(), image.toString(), "-o", tmp.resolve("pics").toString());
    // The harder generated set, with the pyramid detector.
    Path clutter = tmp.resolve("clutter");
    ok("detect", "clutter-voc", clutter.toString(), "--train", "3", "--test", "2");
    ok(
        Cli.tinyDetect(
            backbone,
            clutter,
            tmp.resolve("det-fpn"),
            "--epochs",
            "1",
            "--set",
            "milestones=[]",
            "--set",
            "layout=fpn",
            "--set",
            "fpn={\"channels\": 8, \"maps\": [\"stage2\", \"stage3\", \"stage4\"]}",
            "--set",
            "anchorSizes=[8,16,32,64]"));

    // Benchmarks, at their smallest.
    ok(
        "bench",
        "train-step",
        "--width",
        "4",
        "--input",
        "12x12x1",
        "--batch",
        "8",
        "--steps",
        "1",
        "--warmup",
        "0",
        "--rounds",
        "1");
    ok("bench", "pipeline", "-n", "256", "--repeats", "1", "--pipelines", "standard,mixup");
    // One epoch of the default preset beside a stand-in for the peer script, which prints its
    // epoch line as replicate_fmnist.py does: 2 s of training and 1 s of evaluation.
    Path peer = tmp.resolve("peer.sh");
    Files.writeString(
        peer,
        "echo '{\"epoch\": 1, \"phase\": \"std\", \"epoch_train_s\": 2.0, \"eval_s\": 1.0}'\n"
            + "echo '{\"bench\": \"replicate_fmnist\", \"wall_s\": 3.0}'\n");
    Cli.Outcome epoch =
        ok(
            "bench",
            "epoch",
            "--epochs",
            "1",
            "--rounds",
            "1",
            "--peer",
            peer.toString(),
            "--peer-python",
            "/bin/sh");
    assertTrue(epoch.out().contains("peer round 1: epoch seconds 3.00"), epoch.out());
    assertTrue(
        epoch.out().matches("(?s).*\\nepoch seconds\\s+\\d+\\.\\d+\\s+3\\.000\\s+\\d+\\.\\d+x.*"),
        epoch.out());
    assertTrue(
        epoch.out().matches("(?s).*peer training images/s per epoch: min 2496, median 2496.*"),
        epoch.out()); // 4,992 images (whole batches of 128) in 2 s

    Set<String> missing = new TreeSet<>(readmeCommands());
    missing.removeAll(ran);
    assertTrue(missing.isEmpty(), "README commands this test does not run: " + missing);
    assertTrue(ran.size() >= 20, "ran: " + ran);
  }
}

package dev.rda.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.data.FashionMnistTest;
import dev.rda.data.IdxFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rda command as a user runs it: a tiny real training, and one clear line for bad input. */
class RdaCliTest {
  @TempDir Path tmp;
  private Path data;
  private Path run;

  @BeforeEach
  void fakeDataset() throws IOException {
    data = Files.createDirectories(tmp.resolve("fmnist"));
    FashionMnistTest.writeFake(data, 64, 20, 12, 12, true);
    run = tmp.resolve("run");
  }

  /** A tiny but complete training command on the generated data, plus extra flags. */
  private String[] tiny(String... extra) {
    List<String> args = new ArrayList<>(List.of("--epochs", "2", "--refine-epochs", "1"));
    args.addAll(Arrays.asList(extra));
    return Cli.tinyTrain("fmnist-mixup-refine", data, run, args.toArray(String[]::new));
  }

  private void assertBadInput(Cli.Outcome o, String expected) {
    assertEquals(2, o.code(), o.err());
    assertTrue(o.err().startsWith("rda: "), o.err());
    assertTrue(o.err().contains(expected), "'" + o.err() + "' should name " + expected);
    assertEquals(1, o.err().strip().lines().count(), "one line: " + o.err());
    assertFalse(Files.exists(run.resolve("config.json")), "nothing written for a bad input");
  }

  @Test
  void trainsWritesTheRunDirectoryAndResumesToCompletion() throws IOException {
    Cli.Outcome o = Cli.rda(tiny());
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("epoch   2/2 refine"), o.out());
    assertTrue(o.out().contains("summary: " + run.resolve("summary.json")), o.out());
    assertEquals(2, Files.readAllLines(run.resolve("metrics.jsonl")).size());
    String summary = Files.readString(run.resolve("summary.json"));
    assertTrue(summary.contains("\"medianLast10Top1\""), summary);

    Cli.Outcome again = Cli.rda("train", "--resume", run.toString(), "--threads", "1");
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("run already complete"), again.out());
    Cli.Outcome mixed = Cli.rda("train", "--resume", run.toString(), "--epochs", "9");
    assertEquals(2, mixed.code());
    assertTrue(
        mixed.err().contains("--resume continues a run with its own config.json"), mixed.err());

    Cli.Outcome clash = Cli.rda(tiny());
    assertEquals(2, clash.code());
    assertTrue(clash.err().contains("already holds a run"), clash.err());
  }

  @Test
  void nonsenseNumbersAndNamesAreOneLineErrors() {
    assertBadInput(
        Cli.rda(tiny("--replicas", "3")),
        "config field 'batchSize': 16 must divide evenly over the 3 replicas");
    assertBadInput(Cli.rda(tiny("--devices", "tpu")), "'--devices': tpu must be cpu or gpu");
    assertBadInput(Cli.rda(tiny("--epochs", "-3")), "'--epochs': '-3' must be at least 1");
    assertBadInput(Cli.rda(tiny("--set", "epochs=-3")), "config field 'epochs': -3 must be >= 1");
    assertBadInput(
        Cli.rda(tiny("--refine-epochs", "2")),
        "config field 'refineEpochs': 2 must be less than epochs (2)");
    assertBadInput(Cli.rda(tiny("--batch-size", "0")), "'--batch-size': '0' must be at least 1");
    assertBadInput(Cli.rda(tiny("--preset", "imagenet-mega")), "unknown preset 'imagenet-mega'");
    assertBadInput(
        Cli.rda(tiny("--set", "augment.batch=\"cutmixx\"")),
        "unknown per-batch augmentation 'cutmixx'");
    assertBadInput(
        Cli.rda(tiny("--set", "augment.intensive=[\"autoaugment-mnist\"]")),
        "config field 'augment.intensive': unknown per-sample augmentation 'autoaugment-mnist'");
    assertBadInput(
        Cli.rda(tiny("--set", "augment.schedule={\"kind\":\"linear\",\"from\":1,\"to\":1}")),
        "config field 'augment.schedule': schedule 'linear' needs to > from (1), got 1");
    assertBadInput(Cli.rda(tiny("--set", "model.depth=50")), "unknown config field 'model.depth'");
    assertBadInput(
        Cli.rda(tiny("--set", "model.options.zeroInitLastBn=1")),
        "config field 'model.options.zeroInitLastBn': 1.0 is not an option of preact-resnet18");
    assertBadInput(
        Cli.rda(tiny("--set", "ema.decay=1.5")), "config field 'ema.decay': 1.5 must be in (0, 1)");
    assertBadInput(Cli.rda(tiny("--set", "epochs=\"many\"")), "config field 'epochs'");
    assertBadInput(Cli.rda("train", "--resume", tmp.toString()), "not a run directory");
    Cli.Outcome flag = Cli.rda(tiny("--epochs", "lots"));
    assertEquals(2, flag.code());
    assertTrue(flag.err().contains("Invalid value for option '--epochs'"), flag.err());
  }

  @Test
  void badDataFilesAreNamed() throws IOException {
    assertBadInput(
        Cli.rda(tiny("--data", tmp.resolve("missing").toString())),
        "Fashion-MNIST IDX files not found");

    Path labels = data.resolve("train-labels-idx1-ubyte.gz");
    byte[] bad = new byte[64];
    bad[10] = 42;
    IdxFile.write(labels, new int[] {64}, bad);
    assertBadInput(Cli.rda(tiny()), labels + ": label 42 at index 10 is outside 0..9");
    fakeDataset();

    Path images = data.resolve("t10k-images-idx3-ubyte.gz");
    Files.delete(images);
    Path plain = data.resolve("t10k-images-idx3-ubyte");
    Files.write(plain, new byte[] {0, 0, 8, 3, 0, 0, 0, 20, 0, 0, 0, 12, 0, 0, 0, 12, 1, 2, 3});
    assertBadInput(Cli.rda(tiny()), plain + ": truncated or oversized");
    Files.write(plain, new byte[] {0x1A, 0x2B, 8, 3});
    assertBadInput(Cli.rda(tiny()), plain + ": bad IDX magic number 0x1A2B0803");
  }

  @Test
  void configFilesInJsonAndYamlOverrideThePreset() throws IOException {
    Path yaml = tmp.resolve("c.yaml");
    Files.writeString(yaml, "optimizer:\n  lr: 0.02\nseed: 5\n");
    Cli.Outcome o =
        Cli.rda(tiny("--config", yaml.toString(), "--epochs", "1", "--refine-epochs", "0"));
    assertEquals(0, o.code(), o.err());
    String config = Files.readString(run.resolve("config.json"));
    assertTrue(config.contains("\"lr\" : 0.02") && config.contains("\"seed\" : 5"), config);
    assertTrue(config.contains("\"momentum\" : 0.9"), "preset values stay: " + config);

    Path json = tmp.resolve("bad.json");
    Files.writeString(json, "{\"epochs\": 3, \"optimiser\": {}}");
    run = tmp.resolve("run2");
    assertBadInput(Cli.rda(tiny("--config", json.toString())), "unknown config field 'optimiser'");
    Files.writeString(json, "{\"epochs\": 3,");
    assertBadInput(Cli.rda(tiny("--config", json.toString())), json + ": not valid JSON");
    assertBadInput(
        Cli.rda(tiny("--config", tmp.resolve("none.json").toString())), "config file not found");
  }

  @Test
  void replicasTrainAndResumeWithAnotherCount() throws IOException {
    Cli.Outcome o = Cli.rda(tiny("--replicas", "2", "--sync-bn", "--epochs", "2"));
    assertEquals(0, o.code(), o.err());
    assertTrue(
        o.out().contains("devices: 2 replicas on [/device:CPU:0, /device:CPU:1], synchronised"),
        o.out());
    // Resume a stopped run on four replicas: the checkpoint does not depend on the count.
    Files.writeString(
        run.resolve("checkpoints/latest.json"),
        Files.readString(run.resolve("checkpoints/latest.json"))
            .replace("0002", "0001")
            .replace(": 2", ": 1"));
    Cli.Outcome resumed =
        Cli.rda(
            "train",
            "--resume",
            run.toString(),
            "--replicas",
            "4",
            "--threads",
            "1",
            "--no-progress");
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.out().contains("resuming after epoch 1"), resumed.out());
    assertTrue(resumed.out().contains("devices: 4 replicas"), resumed.out());
    assertEquals(2, Files.readAllLines(run.resolve("metrics.jsonl")).size());
  }

  @Test
  void everyShippedPresetIsValid() {
    for (String preset : ConfigLoader.PRESETS) {
      ConfigLoader.resolve(preset, null, java.util.Map.of()); // throws if invalid
    }
    Cli.Outcome o = Cli.rda("presets");
    assertEquals(0, o.code());
    assertTrue(o.out().contains("fmnist-mixup-refine") && o.out().contains("52+8 epochs"), o.out());
    // The paper's tables, grouped: each table's heading before its studies, in order.
    String out = o.out();
    for (String table : java.util.List.of("Table 1", "Table 3", "Table 4", "Table 5")) {
      assertTrue(out.contains("  " + table + "\n"), table + " missing:\n" + out);
    }
    assertTrue(out.indexOf("Table 1\n") < out.indexOf("table1-preact18-cifar100"), out);
    assertTrue(out.indexOf("table1-shake-shake-cifar100") < out.indexOf("Table 3\n"), out);
    assertTrue(out.indexOf("Table 5\n") < out.indexOf("table5-resnet50-imagenet"), out);
  }
}

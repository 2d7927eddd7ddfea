package dev.rda.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rda.core.Json;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** {@code rda models}, {@code rda bench train-step} and its bad flags, as a user runs them. */
class ModelsCliTest {

  @Test
  void modelsListsEveryNetworkWithItsSize() {
    Cli.Outcome o = Cli.rda("models");
    assertEquals(0, o.code(), o.err());
    assertTrue(
        o.out().matches("(?s).*wrn-28-10\\s+10 32x32x3\\s+10\\s+36,479,194\\s+10,486\\.7.*"),
        o.out());
    assertTrue(
        o.out().matches("(?s).*resnet50\\s+64 224x224x3\\s+1000\\s+25,557,032\\s+8,178\\.4.*"),
        o.out());
    assertTrue(o.out().contains("26,192,922"), o.out());
    // At Tiny-ImageNet's size: same parameters bar the classifier, 4x the compute.
    Cli.Outcome tiny = Cli.rda("models", "--input", "64x64x3", "--classes", "200");
    assertTrue(
        tiny.out()
            .matches("(?s).*preact-resnet18\\s+64 64x64x3\\s+200\\s+11,269,640\\s+4,443\\.5.*"),
        tiny.out());
  }

  /**
   * picocli warns on stderr (and prints the raw text) when a description has an unescaped % sign.
   */
  @Test
  void benchHelpIsCleanText() {
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(warnings, true));
    try {
      for (String sub : new String[] {"epoch", "train-step", "pipeline"}) {
        String usage =
            Rda.commandLine()
                .getSubcommands()
                .get("bench")
                .getSubcommands()
                .get(sub)
                .getUsageMessage();
        assertTrue(usage.startsWith("Usage: rda bench " + sub), usage);
        assertTrue(!usage.contains("%n"), usage);
      }
    } finally {
      System.setErr(stderr);
    }
    assertEquals("", warnings.toString(), "picocli's warnings");
  }

  @Test
  void trainStepBenchPrintsItsFigures() throws IOException {
    Cli.Outcome o =
        Cli.rda(
            "bench",
            "train-step",
            "--model",
            "preact-resnet18",
            "--width",
            "4",
            "--input",
            "16x16x3",
            "--batch",
            "8",
            "--steps",
            "2",
            "--warmup",
            "1",
            "--rounds",
            "2",
            "--profile",
            "1");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("profile of memory x1, 1 traced steps:"), o.out());
    assertTrue(o.out().contains("profile of pipeline x1, 1 traced steps:"), o.out());
    assertTrue(o.out().matches("(?s).*_MklNativeConv2DBackpropFilter\\s+\\d.*"), o.out());
    int lines = 0;
    for (String line : o.out().split("\n")) {
      if (line.startsWith("{")) {
        JsonNode json = Json.MAPPER.readTree(line);
        assertEquals(8, json.get("batch").asInt());
        assertTrue(json.get("imagesPerSecond").asDouble() > 0);
        assertEquals(line.contains("memory") ? "memory" : "pipeline", json.get("feed").asText());
        lines++;
      }
    }
    assertEquals(2, lines, o.out());
    assertTrue(o.out().contains("pipeline-fed / in-memory: "), o.out());
  }

  @Test
  void badFlagsGetOneLineAndExitCode2() {
    for (String[] args :
        new String[][] {
          {"bench", "train-step", "--model", "resnet9000"},
          {"bench", "train-step", "--input", "32x32"},
          {"bench", "train-step", "--input", "32x0x3"},
          {"bench", "train-step", "--batch", "0"},
          {"bench", "train-step", "--feed", "disk"},
          {"bench", "train-step", "--model", "resnet50", "--peer", "/nonexistent.py"},
          {"bench", "train-step", "--peer-python", "/usr/bin/python3"},
          {"bench", "epoch", "--preset", "nope"},
          {"bench", "epoch", "--epochs", "4", "--refine-epochs", "4"},
          {"bench", "epoch", "--preset", "fmnist-cutmix", "--peer", "/etc/hostname"},
          {"bench", "epoch", "--peer", "/nonexistent.py"},
          {"models", "--input", "axbxc"},
        }) {
      Cli.Outcome o = Cli.rda(args);
      assertEquals(2, o.code(), String.join(" ", args) + ": " + o.err());
      assertEquals(1, o.err().strip().lines().count(), o.err());
    }
  }
}

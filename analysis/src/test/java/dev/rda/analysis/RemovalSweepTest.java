package dev.rda.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.core.BadInputException;
import dev.rda.training.EpochMetrics;
import dev.rda.training.Fixtures;
import dev.rda.training.RunDirectory;
import dev.rda.training.TrainConfig;
import dev.rda.training.TrainingData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny removal sweep: plan, forks, resume, aggregate. */
class RemovalSweepTest {
  @TempDir Path tmp;

  @Test
  void plansForksResumesAndAggregates() throws IOException {
    TrainConfig base = Fixtures.config(3, 0, "mixup(gamma=1.0)");
    TrainingData data = Fixtures.data(base);
    Path root = tmp.resolve("sweep");
    RemovalSweep sweep = RemovalSweep.open(root, base, List.of(2, 1), 1);
    assertEquals(List.of(1, 2, 3), sweep.plan().removals()); // sorted, never-removed added

    sweep.run(data, 2, run -> List.of());
    List<EpochMetrics> reference = RunDirectory.open(sweep.runDir(3, 0)).metrics();
    List<EpochMetrics> removedAt1 = RunDirectory.open(sweep.runDir(1, 0)).metrics();
    assertEquals(3, removedAt1.size());
    // Forked: epoch 1 is the reference's own; from epoch 2 on the augmentation is off.
    assertEquals(reference.get(0), removedAt1.get(0));
    assertArrayEquals(
        new double[] {1, 0, 0}, removedAt1.stream().mapToDouble(EpochMetrics::strength).toArray());
    assertArrayEquals(
        new double[] {1, 1, 1}, reference.stream().mapToDouble(EpochMetrics::strength).toArray());

    // Running again finds everything done and trains nothing.
    byte[] before = Files.readAllBytes(sweep.runDir(2, 0).resolve("metrics.jsonl"));
    RemovalSweep again = RemovalSweep.open(root, base, List.of(1, 2), 1);
    again.run(data, 2, run -> List.of());
    assertArrayEquals(before, Files.readAllBytes(sweep.runDir(2, 0).resolve("metrics.jsonl")));

    List<RemovalSweep.Point> points = again.aggregate();
    assertEquals(3, points.size());
    RunDirectory r2 = RunDirectory.open(sweep.runDir(2, 0));
    double last = 100 - r2.metrics().get(2).testTop1();
    assertEquals(last, points.get(1).meanLast(), 1e-9);
    assertEquals(last, points.get(1).minLast(), 1e-9);
    assertEquals(4, Files.readAllLines(root.resolve("sweep.csv")).size());
    BufferedImage png = ImageIO.read(root.resolve("sweep.png").toFile());
    assertEquals(900, png.getWidth());

    BadInputException other =
        assertThrows(BadInputException.class, () -> RemovalSweep.open(root, base, List.of(2), 1));
    assertTrue(other.getMessage().contains("holds another sweep"), other.getMessage());
    BadInputException outside =
        assertThrows(
            BadInputException.class,
            () -> RemovalSweep.open(tmp.resolve("x"), base, List.of(4), 1));
    assertEquals("--at 4 must be an epoch in 1..3", outside.getMessage());
  }
}

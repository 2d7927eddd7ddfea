package dev.rda.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.core.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

  private static EpochMetrics epoch(int epoch, double top1) {
    return new EpochMetrics(
        epoch, "intensive", 0.1, 1, 1, 1, 50, 1, top1, 100, 1, 1, null, null, null, null);
  }

  /** Records epochs with these test top-1 values, saving a (fake) checkpoint after each. */
  private static RunDirectory runWith(Path root, double... top1) {
    RunDirectory run = RunDirectory.create(root, Fixtures.config(top1.length, 0, null));
    List<EpochMetrics> history = new ArrayList<>();
    for (int i = 0; i < top1.length; i++) {
      history.add(epoch(i + 1, top1[i]));
      run.writeMetrics(history);
      int e = i + 1;
      run.saveCheckpoint(
          e,
          prefix -> {
            try {
              Files.writeString(Path.of(prefix + ".index"), "epoch " + e);
            } catch (IOException ex) {
              throw new UncheckedIOException(ex);
            }
          });
    }
    return run;
  }

  private static List<String> kept(Path root) throws IOException {
    try (Stream<Path> s = Files.list(root.resolve("checkpoints"))) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("epoch-"))
          .sorted()
          .toList();
    }
  }

  @Test
  void keepsTheLastTwoAndTheBestCheckpoint(@TempDir Path tmp) throws IOException {
    RunDirectory run = runWith(tmp.resolve("run"), 50, 70, 60, 65, 64);
    assertEquals(List.of("epoch-0002", "epoch-0004", "epoch-0005"), kept(run.root()));
    assertEquals(2, run.checkpoint("best").epoch());
    assertEquals(5, run.checkpoint("last").epoch());
    assertEquals(4, run.checkpoint("4").epoch());
    assertTrue(Files.exists(Path.of(run.prefix(run.checkpoint("best")) + ".index")));
  }

  @Test
  void aBestThatIsAlsoRecentIsNotKeptTwice(@TempDir Path tmp) throws IOException {
    RunDirectory run = runWith(tmp.resolve("run"), 50, 60, 70);
    assertEquals(List.of("epoch-0002", "epoch-0003"), kept(run.root()));
    assertEquals(3, run.checkpoint("best").epoch());
  }

  @Test
  void aCheckpointNoLongerKeptOrNotANumberIsRefusedWithWhatIsKept(@TempDir Path tmp) {
    RunDirectory run = runWith(tmp.resolve("run"), 50, 70, 60, 65);
    BadInputException gone = assertThrows(BadInputException.class, () -> run.checkpoint("1"));
    assertEquals(
        run.root() + ": no checkpoint after epoch 1 (kept: epochs 2, 3, 4)", gone.getMessage());
    assertThrows(BadInputException.class, () -> run.checkpoint("9"));
    BadInputException word = assertThrows(BadInputException.class, () -> run.checkpoint("first"));
    assertTrue(word.getMessage().contains("first"), word.getMessage());
  }
}

package dev.rda.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ground floor's contracts: messages, atomic writes, the seed scheme. */
class CoreTest {
  @TempDir Path tmp;

  @Test
  void badInputNamesTheFieldOrFile() {
    assertEquals(
        "config field 'epochs': 0 must be >= 1",
        new BadInputException("epochs", 0, "must be >= 1").getMessage());
    assertEquals(
        "x.bin: truncated", new BadInputException(Path.of("x.bin"), "truncated").getMessage());
    BadInputException e =
        assertThrows(BadInputException.class, () -> Checks.require(false, "lr", -1, "must be > 0"));
    assertEquals("config field 'lr': -1 must be > 0", e.getMessage());
    Checks.require(true, "lr", 1, "must be > 0");
  }

  @Test
  void atomicWritesLeaveTheWholeFileAndNothingElse() throws IOException {
    Path file = tmp.resolve("a/b.json");
    AtomicFiles.write(file, "one");
    AtomicFiles.write(file, "two");
    assertEquals("two", Files.readString(file));
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(1, files.count()); // no temporary file left
    }
    Files.writeString(tmp.resolve("plain"), "");
    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class, () -> AtomicFiles.write(tmp.resolve("plain/x"), "z"));
    assertTrue(e.getMessage().contains("plain/x"), e.getMessage());
  }

  @Test
  void seedStreamsFollowTheDocumentedFormula() {
    // Changing this moves every figure of every run: the README's results depend on it.
    assertEquals(7 * 1_000_003L + 4, SeedScheme.derive(7, 4));
    assertEquals(4, SeedScheme.derive(0, 4));
  }
}

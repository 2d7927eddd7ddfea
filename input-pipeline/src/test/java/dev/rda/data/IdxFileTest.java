package dev.rda.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {
  @TempDir Path dir;

  @Test
  void readsPlainAndGzipBack() throws IOException {
    byte[] data = new byte[2 * 3 * 4];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 11);
    }
    for (String name : new String[] {"a-idx3-ubyte", "a-idx3-ubyte.gz"}) {
      Path f = dir.resolve(name);
      IdxFile.write(f, new int[] {2, 3, 4}, data);
      IdxFile read = IdxFile.read(f);
      assertArrayEquals(new int[] {2, 3, 4}, read.dims());
      assertArrayEquals(data, read.data());
    }
  }

  @Test
  void rejectsWrongMagic() throws IOException {
    Path f = dir.resolve("bad");
    Files.write(f, new byte[] {0, 0, 0x0D, 1, 0, 0, 0, 1, 5}); // type 0x0D = float
    BadInputException e = assertThrows(BadInputException.class, () -> IdxFile.read(f));
    assertTrue(e.getMessage().contains("bad IDX magic number 0x00000D01"), e.getMessage());
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
  }

  @Test
  void rejectsTruncatedData() throws IOException {
    Path f = dir.resolve("short-idx1-ubyte");
    IdxFile.write(f, new int[] {10}, new byte[10]);
    byte[] all = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(all, all.length - 3));
    BadInputException e = assertThrows(BadInputException.class, () -> IdxFile.read(f));
    assertTrue(e.getMessage().contains("promises 10 bytes of data, file has 7"), e.getMessage());
  }

  @Test
  void rejectsTruncatedGzip() throws IOException {
    Path f = dir.resolve("x-idx1-ubyte.gz");
    IdxFile.write(f, new int[] {1000}, new byte[1000]);
    byte[] all = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(all, all.length / 2));
    BadInputException e = assertThrows(BadInputException.class, () -> IdxFile.read(f));
    assertTrue(e.getMessage().contains("corrupt or truncated gzip"), e.getMessage());
  }

  @Test
  void missingFileIsNamed() {
    Path f = dir.resolve("nothing-here");
    BadInputException e = assertThrows(BadInputException.class, () -> IdxFile.read(f));
    assertEquals(f + ": file not found", e.getMessage());
  }
}

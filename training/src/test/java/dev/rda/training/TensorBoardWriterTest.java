package dev.rda.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/**
 * The event files TensorBoard reads: TFRecord framing with checksums, Event protos, our scalars.
 */
class TensorBoardWriterTest {
  @TempDir Path run;

  private static EpochMetrics epoch(int e, double testTop1) {
    return new EpochMetrics(
        e,
        "intensive",
        0.1 / e,
        1.0,
        1.5 / e,
        1.2 / e,
        60,
        1.3 / e,
        testTop1,
        400,
        5,
        5 * e,
        null,
        null,
        null,
        null);
  }

  /** TFRecord: uint64 length, masked CRC-32C of it, data, masked CRC-32C of the data. */
  private static List<byte[]> records(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    List<byte[]> out = new ArrayList<>();
    while (b.hasRemaining()) {
      byte[] len = new byte[8];
      b.get(len);
      assertEquals(masked(len), b.getInt(), "length checksum");
      byte[] data = new byte[(int) ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong()];
      b.get(data);
      assertEquals(masked(data), b.getInt(), "data checksum");
      out.add(data);
    }
    return out;
  }

  private static int masked(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + 0xa282ead8;
  }

  @Test
  void everyEpochsScalarsArriveAsTensorBoardEvents() throws IOException {
    try (TensorBoardWriter writer = new TensorBoardWriter(run)) {
      List<EpochMetrics> history = new ArrayList<>();
      for (int e = 1; e <= 2; e++) {
        history.add(epoch(e, 50 + e));
        writer.onEpochEnd(history.get(e - 1), history);
      }
    }
    Path file;
    try (Stream<Path> files = Files.list(run.resolve("tensorboard"))) {
      file =
          files
              .filter(p -> p.getFileName().toString().startsWith("events.out.tfevents."))
              .findFirst()
              .orElseThrow();
    }
    List<byte[]> records = records(file);
    assertEquals("brain.Event:2", Event.parseFrom(records.get(0)).getFileVersion());
    Map<String, Float> last = new LinkedHashMap<>();
    int scalars = 0;
    for (byte[] r : records.subList(1, records.size())) {
      Event e = Event.parseFrom(r);
      for (Summary.Value v : e.getSummary().getValueList()) {
        float x = v.hasTensor() ? v.getTensor().getFloatVal(0) : v.getSimpleValue();
        if (e.getStep() == 2) {
          last.put(v.getTag(), x);
        }
        scalars++;
      }
    }
    assertEquals(2 * TensorBoardWriter.SCALARS.size(), scalars);
    assertEquals(52f, last.get("top1/test"), 1e-6);
    assertEquals(0.6f, last.get("loss/train_clean"), 1e-6);
    assertEquals(0.05f, last.get("schedule/learning_rate"), 1e-7);
    assertTrue(last.keySet().containsAll(TensorBoardWriter.SCALARS.keySet()), last.toString());
  }
}

package dev.rda.data;

import dev.rda.core.BadInputException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An IDX file (the MNIST / Fashion-MNIST format) of unsigned bytes: a magic number 0x00 0x00 0x08
 * ndim, ndim big-endian int32 dimensions, then the data. Gzip-compressed files are recognised by
 * their own magic and read the same way.
 */
public record IdxFile(int[] dims, byte[] data) {

  private static final int UNSIGNED_BYTE = 0x08;

  public static IdxFile read(Path file) {
    byte[] bytes;
    try {
      bytes = readMaybeGzipped(file);
    } catch (NoSuchFileException e) {
      throw new BadInputException(file, "file not found");
    } catch (EOFException | ZipException e) {
      throw new BadInputException(file, "corrupt or truncated gzip data");
    } catch (IOException e) {
      throw new BadInputException(file, "cannot read: " + e.getMessage());
    }
    if (bytes.length < 4) {
      throw new BadInputException(file, "too short for an IDX header (" + bytes.length + " bytes)");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    int magic = buf.getInt();
    int type = (magic >>> 8) & 0xFF;
    int ndim = magic & 0xFF;
    if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || ndim < 1 || ndim > 4) {
      throw new BadInputException(
          file,
          String.format("bad IDX magic number 0x%08X (expected 0x0000080N, N = 1..4)", magic));
    }
    if (bytes.length < 4 + 4 * ndim) {
      throw new BadInputException(file, "truncated IDX header");
    }
    int[] dims = new int[ndim];
    long expected = 1;
    for (int i = 0; i < ndim; i++) {
      dims[i] = buf.getInt();
      if (dims[i] < 0) {
        throw new BadInputException(file, "negative dimension " + dims[i]);
      }
      expected *= dims[i];
    }
    long actual = bytes.length - 4L - 4L * ndim;
    if (actual != expected) {
      throw new BadInputException(
          file,
          "truncated or oversized: header promises "
              + expected
              + " bytes of data, file has "
              + actual);
    }
    byte[] data = new byte[(int) expected];
    buf.get(data);
    return new IdxFile(dims, data);
  }

  /** Writes an unsigned-byte IDX file, gzip-compressed if the name ends in ".gz". */
  public static void write(Path file, int[] dims, byte[] data) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length);
    header.putInt((UNSIGNED_BYTE << 8) | dims.length);
    for (int d : dims) {
      header.putInt(d);
    }
    try (java.io.OutputStream raw = Files.newOutputStream(file);
        java.io.OutputStream out =
            file.getFileName().toString().endsWith(".gz")
                ? new java.util.zip.GZIPOutputStream(raw)
                : raw) {
      out.write(header.array());
      out.write(data);
    }
  }

  private static byte[] readMaybeGzipped(Path file) throws IOException {
    byte[] raw = Files.readAllBytes(file);
    if (raw.length >= 2 && (raw[0] & 0xFF) == 0x1F && (raw[1] & 0xFF) == 0x8B) {
      try (InputStream in =
          new GZIPInputStream(new BufferedInputStream(new java.io.ByteArrayInputStream(raw)))) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 4);
        in.transferTo(out);
        return out.toByteArray();
      }
    }
    return raw;
  }
}

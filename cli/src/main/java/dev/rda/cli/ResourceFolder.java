package dev.rda.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The files of a folder shipped with the CLI (in its jar, or in {@code target/classes} when run
 * from the build), so a preset exists by being in its folder and is listed nowhere else.
 */
final class ResourceFolder {
  private ResourceFolder() {}

  /** The names of {@code folder}'s files ending in {@code suffix}, without it, sorted. */
  static List<String> names(String folder, String suffix) {
    URL url = ResourceFolder.class.getResource("/" + folder);
    if (url == null) {
      throw new IllegalStateException("the CLI has no resource folder " + folder);
    }
    try {
      URI uri = url.toURI();
      if (uri.getScheme().equals("jar")) {
        FileSystem jar;
        try {
          jar = FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
          jar = FileSystems.getFileSystem(uri);
        }
        return list(jar.getPath("/" + folder), suffix);
      }
      return list(Path.of(uri), suffix);
    } catch (URISyntaxException | IOException e) {
      throw new UncheckedIOException(new IOException("cannot list resources " + folder, e));
    }
  }

  private static List<String> list(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(suffix))
          .map(n -> n.substring(0, n.length() - suffix.length()))
          .sorted()
          .toList();
    }
  }
}

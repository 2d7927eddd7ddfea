package dev.rda.cli;

import dev.rda.data.FashionMnist;
import java.nio.file.Path;
import java.util.Map;

/** Where each dataset kind lives unless a flag says otherwise. */
final class DataDirs {
  private DataDirs() {}

  private static final Map<String, Path> DEFAULTS =
      Map.of(
          "fmnist", FashionMnist.DEFAULT_DIR,
          "cifar10", Path.of("data/cifar-10-batches-bin"),
          "cifar100", Path.of("data/cifar-100-binary"));

  static Path orDefault(String kind, Path given) {
    return given != null ? given : DEFAULTS.getOrDefault(kind, Path.of("data", kind));
  }
}

package dev.rda.data;

import java.nio.file.Path;
import java.util.List;

/** The dataset kinds a config may name, each with the reader of its on-disk layout. */
public final class Datasets {
  private Datasets() {}

  public static final List<String> KINDS = List.of("fmnist", "cifar10", "cifar100");

  public static Splits load(String kind, Path dir) {
    return switch (kind) {
      case "fmnist" -> FashionMnist.load(dir);
      case "cifar10" -> Cifar.load10(dir);
      case "cifar100" -> Cifar.load100(dir);
      default -> throw new DataException("unknown dataset kind '" + kind + "' (known: "
          + String.join(", ", KINDS) + ")");
    };
  }
}

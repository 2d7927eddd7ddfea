package dev.rda.data;

import dev.rda.core.BadInputException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Makes sure Fashion-MNIST is where the default config expects it: as root it installs Debian's
 * package; otherwise it says the exact command to run. The fmnist kind's installer.
 */
final class FashionMnistInstaller {
  private static final String PACKAGE = "dataset-fashion-mnist";

  private FashionMnistInstaller() {}

  static void ensure(Path dir) {
    if (FashionMnist.present(dir)) {
      return;
    }
    if (!dir.equals(FashionMnist.DEFAULT_DIR)) {
      throw new BadInputException(
          dir
              + ": Fashion-MNIST IDX files not found (expected "
              + "train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-...)");
    }
    if (!isRoot()) {
      throw new BadInputException(
          dir
              + ": Fashion-MNIST is not installed; install it with: "
              + "sudo apt-get install "
              + PACKAGE);
    }
    System.out.println("Fashion-MNIST not found: installing Debian's " + PACKAGE + " ...");
    if (run("apt-get", "install", "-y", PACKAGE) != 0) {
      run("apt-get", "update");
      run("apt-get", "install", "-y", PACKAGE);
    }
    if (!FashionMnist.present(dir)) {
      throw new BadInputException(
          dir
              + ": installing "
              + PACKAGE
              + " failed; try: apt-get update && apt-get install "
              + PACKAGE);
    }
  }

  private static boolean isRoot() {
    return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
  }

  private static int run(String... command) {
    try {
      return new ProcessBuilder(command).inheritIO().start().waitFor();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}

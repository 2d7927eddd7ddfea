package dev.rda.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.data.ImageFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rda data show/verify} and training on image files, as a user runs them. */
class DataCliTest {
  @TempDir Path tmp;

  @Test
  void showPrintsCountsClassesAndSizes() throws IOException {
    Path tiny = tmp.resolve("tiny");
    ImageFixtures.tinyImageNet(tiny, List.of("n01", "n02"), 3, 2, 64);
    Cli.Outcome o = Cli.rda("data", "show", "tiny-imagenet:" + tiny);
    assertEquals(0, o.code(), o.err());
    assertTrue(
        o.out()
            .startsWith(
                "tiny-imagenet "
                    + tiny
                    + ": train 6, test 4 images, 2 classes, input 64x64x3 (image files,"
                    + " streamed)\n"),
        o.out());
    assertTrue(o.out().contains("  train: 6 images, 3 per class\n"), o.out());
    assertTrue(o.out().contains("  native sizes: 64x64 (6) among 6 sampled"), o.out());

    Cli.Outcome missing = Cli.rda("data", "show", "cifar10:" + tmp.resolve("none"));
    assertEquals(2, missing.code());
    assertEquals("rda: " + tmp.resolve("none") + ": dataset directory not found\n", missing.err());
    Cli.Outcome unknown = Cli.rda("data", "show", "svhn:/x");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().startsWith("rda: unknown dataset kind 'svhn'"), unknown.err());
  }

  @Test
  void verifyListsUndecodableFilesAndTrainingNamesThemOrLeavesThemOut() throws IOException {
    Path folder = tmp.resolve("folder");
    ImageFixtures.classFolders(folder, "train", List.of("a", "b"), new int[] {20, 20}, 8, 0);
    ImageFixtures.classFolders(folder, "test", List.of("a", "b"), new int[] {4, 4}, 8, 100);
    Path broken = folder.resolve("train/b/img7.png");
    Files.write(broken, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});

    Path list = tmp.resolve("bad.txt");
    Cli.Outcome v =
        Cli.rda("data", "verify", "folder:" + folder, "-o", list.toString(), "--no-progress");
    assertEquals(2, v.code(), v.err());
    assertTrue(v.out().contains("1 of 48 images do not decode"), v.out());
    assertTrue(Files.readString(list).startsWith(broken + "\t"), Files.readString(list));

    Cli.Outcome failed = Cli.rda(train(folder, tmp.resolve("run1")));
    assertEquals(2, failed.code(), failed.out() + failed.err());
    assertTrue(
        failed.err().startsWith("rda: " + broken + ": does not decode (Unknown image file format"),
        failed.err());
    assertEquals(1, failed.err().strip().lines().count(), failed.err());

    Cli.Outcome trained =
        Cli.rda(train(folder, tmp.resolve("run2"), "--set", "data.exclude=\"" + list + "\""));
    assertEquals(0, trained.code(), trained.err());
    assertTrue(
        trained
            .out()
            .contains(
                "data: folder "
                    + folder
                    + ": train 39, test 8 images, 2 classes,"
                    + " input 8x8x3 (image files, streamed); 1 images excluded by "
                    + list),
        trained.out());
    assertTrue(trained.out().contains("epoch   1/1"), trained.out());
  }

  @Test
  void imageSizeAppliesToImageFilesOnly() {
    Cli.Outcome o =
        Cli.rda(
            "train",
            "--preset",
            "fmnist-standard",
            "--set",
            "data.imageSize=32",
            "--run-dir",
            tmp.resolve("r").toString());
    assertEquals(2, o.code());
    assertTrue(
        o.err().contains("config field 'data.imageSize': 32 applies to image-file datasets only"),
        o.err());
  }

  private static String[] train(Path folder, Path run, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "train",
                "--dataset",
                "folder:" + folder,
                "--run-dir",
                run.toString(),
                "--threads",
                "1",
                "--epochs",
                "1",
                "--refine-epochs",
                "0",
                "--width",
                "4",
                "--train-subset",
                "0",
                "--batch-size",
                "8",
                "--no-progress",
                "--set",
                "optimizer.milestones=[]",
                "--set",
                "data.cleanEvalImages=8",
                "--set",
                "augment.standard=[\"random-resized-crop\", \"hflip\"]"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }
}

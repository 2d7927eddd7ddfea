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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The readers of image-file layouts: counts, labels, and every kind of bad input they catch. */
class ImageFoldersTest {
  @TempDir Path dir;

  private static final List<String> CLASSES = List.of("n01", "n02", "n03");

  @Test
  void classFoldersLabelByFolderInSortedOrder() {
    ImageFixtures.classFolders(dir, "train", CLASSES, new int[] {2, 3, 1}, 8, 0);
    ImageFixtures.classFolders(dir, "val", List.of("n01", "n03"), new int[] {1, 2}, 8, 100);
    Dataset d = Datasets.load("imagenet", dir, 8, null);
    assertEquals(6, d.train().size());
    assertEquals(3, d.test().size());
    assertEquals(3, d.spec().classes());
    assertArrayEquals(new int[] {0, 0, 1, 1, 1, 2}, d.train().labels());
    // val has no n02 folder: its classes keep the training indices.
    assertArrayEquals(new int[] {0, 2, 2}, d.test().labels());
    ImageFiles train = (ImageFiles) d.train();
    assertTrue(train.paths()[2].endsWith("train/n02/img0.png"), train.paths()[2]);
    assertEquals(Datasets.IMAGENET, d.normalization());
    assertEquals(Source.Fit.RESIZE, d.fit());
  }

  @Test
  void folderKindTakesItsSizeFromTheFirstImageAndComputesNormalisation() {
    ImageFixtures.classFolders(dir, "train", CLASSES, new int[] {2, 2, 2}, 6, 0);
    ImageFixtures.classFolders(dir, "test", CLASSES, new int[] {1, 1, 1}, 6, 50);
    Dataset d = Datasets.load("folder", dir, null, null);
    assertEquals(new ImageSpec(6, 6, 3, 3), d.spec());
    assertEquals(Source.Fit.EXACT, d.fit());
    // Mean of channel 0 over all six training images, from the fixture's formula.
    double sum = 0;
    for (int id = 0; id < 6; id++) {
      for (int y = 0; y < 6; y++) {
        for (int x = 0; x < 6; x++) {
          sum += ImageFixtures.value(id, y, x, 0) / 255.0;
        }
      }
    }
    assertEquals(sum / 216, d.normalization().mean()[0], 1e-5);
  }

  @Test
  void tinyImageNetReadsWnidsTrainFoldersAndValAnnotations() throws IOException {
    ImageFixtures.tinyImageNet(dir, List.of("n0b", "n0a"), 3, 2, 64);
    Dataset d = Datasets.load("tiny-imagenet", dir, null, null);
    assertEquals(6, d.train().size());
    assertEquals(4, d.test().size());
    assertEquals(new ImageSpec(64, 64, 3, 2), d.spec());
    assertEquals(Source.Fit.EXACT, d.fit());
    // Classes in wnids.txt order, not sorted: n0b is 0.
    assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, d.train().labels());
    assertArrayEquals(new int[] {0, 1, 0, 1}, d.test().labels());
    assertTrue(((ImageFiles) d.test()).paths()[1].endsWith("val/images/val_1.JPEG"));
  }

  @Test
  void miniImageNetPoolsTheCsvFilesAndHoldsOutTheLastSixthOfEachClass() throws IOException {
    ImageFixtures.miniImageNetCsv(dir, List.of("n2", "n1"), 12, 10);
    Dataset d = Datasets.load("mini-imagenet", dir, null, null);
    assertEquals(20, d.train().size());
    assertEquals(4, d.test().size());
    assertEquals(new ImageSpec(84, 84, 3, 2), d.spec());
    assertEquals(Source.Fit.RESIZE, d.fit());
    // Classes sorted by name: n1 is 0; its images 10 and 11 are the test split.
    assertArrayEquals(new int[] {0, 0, 1, 1}, d.test().labels());
    assertTrue(((ImageFiles) d.test()).paths()[0].endsWith("images/n10010.jpg"));
  }

  @Test
  void excludedFilesAreLeftOutAndCounted() throws IOException {
    ImageFixtures.classFolders(dir, "train", CLASSES, new int[] {2, 2, 2}, 6, 0);
    ImageFixtures.classFolders(dir, "val", CLASSES, new int[] {1, 1, 1}, 6, 50);
    Path list = dir.resolve("bad.txt");
    Files.writeString(
        list,
        dir.resolve("train/n02/img1.png")
            + "\tInvalid PNG data\n"
            + dir.resolve("val/n01/img0.png")
            + "\n");
    Dataset d = Datasets.load("folder", dir, null, list);
    assertEquals(5, d.train().size());
    assertEquals(2, d.test().size());
    assertTrue(d.describe().contains("2 images excluded by " + list), d.describe());
  }

  @Test
  void badLayoutsNameTheFileOrFolder() throws IOException {
    ImageFixtures.classFolders(dir, "train", CLASSES, new int[] {1, 1, 1}, 6, 0);
    assertMessage("imagenet", dir + ": no test split: expected a folder val or test/<class>/...");

    ImageFixtures.classFolders(dir, "val", List.of("n09"), new int[] {1}, 6, 0);
    assertMessage(
        "imagenet", dir.resolve("val/n09") + ": class 'n09' is not one of the 3 training classes");

    Files.createDirectories(dir.resolve("train/n04"));
    Files.writeString(dir.resolve("train/n04/notes.txt"), "no images here");
    assertMessage(
        "imagenet", dir.resolve("train/n04") + ": class folder has no images (.jpg, .jpeg, .png)");

    assertMessage("imagenet", dir.resolve("nowhere") + ": dataset directory not found", "nowhere");
  }

  @Test
  void badTinyImageNetAnnotationsNameTheLine() throws IOException {
    ImageFixtures.tinyImageNet(dir, List.of("n0a", "n0b"), 1, 1, 64);
    Path annotations = dir.resolve("val/val_annotations.txt");
    Files.writeString(annotations, "val_0.JPEG\tn0a\nval_1.JPEG\tn0z\t0\t0\t1\t1\n");
    assertMessage("tiny-imagenet", annotations + ":2: class 'n0z' is not in wnids.txt");
    Files.writeString(annotations, "val_9.JPEG\tn0a\n");
    assertMessage(
        "tiny-imagenet",
        annotations + ":1: image " + dir.resolve("val/images/val_9.JPEG") + " not found");
    Files.delete(dir.resolve("wnids.txt"));
    assertMessage("tiny-imagenet", dir.resolve("wnids.txt") + ": file not found");
  }

  @Test
  void badMiniImageNetCsvRowsNameTheLine() throws IOException {
    ImageFixtures.miniImageNetCsv(dir, List.of("n1"), 6, 10);
    Files.writeString(dir.resolve("val.csv"), "filename,label\nn10000.jpg\n");
    assertMessage(
        "mini-imagenet",
        dir.resolve("val.csv") + ":2: expected filename,label, found 'n10000.jpg'");
  }

  @Test
  void specsNameAKindAndOptionallyAPath() {
    assertEquals(
        new Datasets.DataSpec("cifar10", Path.of("/d/c10")),
        Datasets.DataSpec.parse("cifar10:/d/c10"));
    assertEquals(FashionMnist.DEFAULT_DIR, Datasets.DataSpec.parse("fmnist").dir());
    BadInputException e =
        assertThrows(BadInputException.class, () -> Datasets.DataSpec.parse("cifar11:/x"));
    assertTrue(e.getMessage().startsWith("unknown dataset kind 'cifar11' (known: fmnist, cifar10"));
    assertEquals(
        Arrays.asList(
            "fmnist",
            "cifar10",
            "cifar100",
            "tiny-imagenet",
            "imagenet",
            "mini-imagenet",
            "folder"),
        Datasets.names());
  }

  private void assertMessage(String kind, String expected) {
    assertMessage(kind, expected, null);
  }

  private void assertMessage(String kind, String expected, String subdir) {
    Path root = subdir == null ? dir : dir.resolve(subdir);
    BadInputException e =
        assertThrows(BadInputException.class, () -> Datasets.load(kind, root, null, null));
    assertEquals(expected, e.getMessage());
  }
}

package dev.rda.data;

import dev.rda.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Readers of the image-file layouts: class folders (ImageNet, Mini-ImageNet's folder form, any
 * folder of images), Tiny-ImageNet 200 and Mini-ImageNet's csv split files. They list files and
 * check labels; decoding happens in the graph. Every problem is a {@link BadInputException} naming
 * the file or folder.
 */
public final class ImageFolders {
  private ImageFolders() {}

  /**
   * {@code train/<class>/*} and {@code val/<class>/*} (or {@code test/}): classes are the training
   * folders' names, sorted; a test folder must be one of them.
   */
  public static Splits<ImageFiles> classFolders(Path root) {
    requireDir(root, "dataset directory");
    Path train = root.resolve("train");
    requireDir(train, "training split (train/<class>/...)");
    List<String> classes = subfolders(train);
    if (classes.isEmpty()) {
      throw new BadInputException(train, "no class folders");
    }
    Path test = firstExisting(root, "val", "test");
    return new Splits<>(classFolders(train, classes), classFolders(test, classes));
  }

  /**
   * Tiny-ImageNet 200: classes from {@code wnids.txt}, training images in {@code
   * train/<wnid>/images/}, validation images in {@code val/images/} labelled by {@code
   * val/val_annotations.txt} (the validation set is the test split, as the paper reports).
   */
  public static Splits<ImageFiles> tinyImageNet(Path root) {
    requireDir(root, "dataset directory");
    Path wnidsFile = root.resolve("wnids.txt");
    List<String> wnids =
        lines(wnidsFile).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    if (wnids.isEmpty()) {
      throw new BadInputException(wnidsFile, "lists no classes");
    }
    Map<String, Integer> index = indexOf(wnids, wnidsFile);
    List<String> paths = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int c = 0; c < wnids.size(); c++) {
      Path dir = root.resolve("train").resolve(wnids.get(c)).resolve("images");
      requireDir(dir, "training images of class " + wnids.get(c));
      for (String f : images(dir)) {
        paths.add(f);
        labels.add(c);
      }
    }
    ImageFiles train = files(paths, labels, wnids.size());
    Path annotations = root.resolve("val").resolve("val_annotations.txt");
    Path valImages = root.resolve("val").resolve("images");
    paths.clear();
    labels.clear();
    List<String> rows = lines(annotations);
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).isBlank()) {
        continue;
      }
      String[] cols = rows.get(i).split("\t");
      String where = annotations + ":" + (i + 1);
      if (cols.length < 2) {
        throw new BadInputException(
            where + ": expected <file> TAB <wnid>, found '" + rows.get(i) + "'");
      }
      Integer label = index.get(cols[1]);
      if (label == null) {
        throw new BadInputException(
            where + ": class '" + cols[1] + "' is not in " + wnidsFile.getFileName());
      }
      paths.add(requireFile(valImages.resolve(cols[0]), where));
      labels.add(label);
    }
    return new Splits<>(train, files(paths, labels, wnids.size()));
  }

  /**
   * Mini-ImageNet: the csv form ({@code images/} with {@code train.csv}, {@code val.csv}, {@code
   * test.csv} of {@code filename,label} rows: 100 classes of 600 images over the three files,
   * pooled; of each class, in csv order, the last sixth is the test split, the rest training), or
   * the class-folder form ({@code train/<class>/}, {@code val/} or {@code test/}).
   */
  public static Splits<ImageFiles> miniImageNet(Path root) {
    requireDir(root, "dataset directory");
    if (!Files.exists(root.resolve("train.csv"))) {
      return classFolders(root);
    }
    Map<String, List<String>> byClass = new LinkedHashMap<>();
    for (String split : List.of("train.csv", "val.csv", "test.csv")) {
      Path csv = root.resolve(split);
      List<String> rows = lines(csv);
      for (int i = 1; i < rows.size(); i++) { // row 0 is the header
        if (rows.get(i).isBlank()) {
          continue;
        }
        String[] cols = rows.get(i).split(",");
        String where = csv + ":" + (i + 1);
        if (cols.length != 2 || cols[1].isBlank()) {
          throw new BadInputException(
              where + ": expected filename,label, found '" + rows.get(i) + "'");
        }
        String file = requireFile(root.resolve("images").resolve(cols[0].strip()), where);
        byClass.computeIfAbsent(cols[1].strip(), k -> new ArrayList<>()).add(file);
      }
    }
    List<String> classes = byClass.keySet().stream().sorted().toList();
    List<String> trainPaths = new ArrayList<>();
    List<Integer> trainLabels = new ArrayList<>();
    List<String> testPaths = new ArrayList<>();
    List<Integer> testLabels = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      List<String> files = byClass.get(classes.get(c));
      int testCount = files.size() / 6;
      if (testCount == 0) {
        throw new BadInputException(
            root, "class '" + classes.get(c) + "' has " + files.size() + " images; need >= 6");
      }
      for (int i = 0; i < files.size(); i++) {
        boolean test = i >= files.size() - testCount;
        (test ? testPaths : trainPaths).add(files.get(i));
        (test ? testLabels : trainLabels).add(c);
      }
    }
    return new Splits<>(
        files(trainPaths, trainLabels, classes.size()),
        files(testPaths, testLabels, classes.size()));
  }

  /** The class names of a class-folder split, sorted (the labels' order). */
  public static List<String> subfolders(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new BadInputException(dir, "cannot list: " + e.getMessage());
    }
  }

  private static ImageFiles classFolders(Path split, List<String> classes) {
    Map<String, Integer> index = indexOf(classes, split);
    List<String> folders = subfolders(split);
    if (folders.isEmpty()) {
      throw new BadInputException(split, "no class folders");
    }
    List<String> paths = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (String folder : folders) {
      Integer label = index.get(folder);
      if (label == null) {
        throw new BadInputException(
            split.resolve(folder),
            "class '" + folder + "' is not one of the " + classes.size() + " training classes");
      }
      for (String f : images(split.resolve(folder))) {
        paths.add(f);
        labels.add(label);
      }
    }
    return files(paths, labels, classes.size());
  }

  /** The JPEG and PNG files of a folder, sorted; none is an error. */
  static List<String> images(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      List<String> found =
          s.filter(p -> isImage(p) && Files.isRegularFile(p)).map(Path::toString).sorted().toList();
      if (found.isEmpty()) {
        throw new BadInputException(dir, "class folder has no images (.jpg, .jpeg, .png)");
      }
      return found;
    } catch (IOException e) {
      throw new BadInputException(dir, "cannot list: " + e.getMessage());
    }
  }

  private static boolean isImage(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png");
  }

  private static ImageFiles files(List<String> paths, List<Integer> labels, int classes) {
    return new ImageFiles(
        paths.toArray(new String[0]),
        labels.stream().mapToInt(Integer::intValue).toArray(),
        classes);
  }

  private static Map<String, Integer> indexOf(List<String> names, Path source) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      if (index.put(names.get(i), i) != null) {
        throw new BadInputException(source, "class '" + names.get(i) + "' is listed twice");
      }
    }
    return index;
  }

  private static Path firstExisting(Path root, String... names) {
    for (String n : names) {
      if (Files.isDirectory(root.resolve(n))) {
        return root.resolve(n);
      }
    }
    throw new BadInputException(
        root, "no test split: expected a folder " + String.join(" or ", names) + "/<class>/...");
  }

  private static void requireDir(Path dir, String what) {
    if (!Files.isDirectory(dir)) {
      throw new BadInputException(dir, what + " not found");
    }
  }

  private static String requireFile(Path file, String where) {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(where + ": image " + file + " not found");
    }
    return file.toString();
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      throw new BadInputException(file, "file not found");
    } catch (IOException e) {
      throw new BadInputException(file, "cannot read: " + e.getMessage());
    }
  }
}

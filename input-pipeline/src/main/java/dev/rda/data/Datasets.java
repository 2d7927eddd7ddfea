package dev.rda.data;

import dev.rda.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The dataset kinds a config or a command line may name ({@code kind} or {@code kind:/path}), each
 * with the reader of its on-disk layout and its defaults.
 */
public final class Datasets {
  private Datasets() {}

  /** ImageNet's per-channel mean and std, used by the paper's ImageNet-derived recipes. */
  public static final Normalization IMAGENET =
      new Normalization(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

  /**
   * A kind: its on-disk layout, where it lives by default, its reader and, for image files, the
   * default input side, whether other sizes are resized, and fixed normalisation (null: computed
   * from the training images); and its installer, which makes the data present where it can (a
   * Debian package) before it is read. Built by name with {@link #named}.
   */
  public record Kind(
      String name,
      String layout,
      Path defaultDir,
      Function<Path, Splits<?>> reader,
      int defaultSide,
      Source.Fit fit,
      Normalization normalization,
      Consumer<Path> installer) {
    public boolean files() {
      return fit != Source.Fit.STORED;
    }

    /** A kind held in memory at its stored size, read by {@code reader}; with() the rest. */
    static Kind named(
        String name, String layout, Path defaultDir, Function<Path, Splits<?>> reader) {
      return new Kind(name, layout, defaultDir, reader, 0, Source.Fit.STORED, null, dir -> {});
    }

    /** Image files of side {@code defaultSide}, other sizes fitted as {@code fit}. */
    Kind imageFiles(int defaultSide, Source.Fit fit) {
      return new Kind(name, layout, defaultDir, reader, defaultSide, fit, normalization, installer);
    }

    Kind normalizedAs(Normalization fixed) {
      return new Kind(name, layout, defaultDir, reader, defaultSide, fit, fixed, installer);
    }

    Kind installedBy(Consumer<Path> install) {
      return new Kind(name, layout, defaultDir, reader, defaultSide, fit, normalization, install);
    }
  }

  private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

  static {
    add(
        Kind.named(
                "fmnist",
                "Fashion-MNIST / MNIST IDX files (gzip or plain)",
                FashionMnist.DEFAULT_DIR,
                FashionMnist::load)
            .installedBy(FashionMnistInstaller::ensure));
    add(
        Kind.named(
            "cifar10",
            "CIFAR-10 binary: data_batch_1..5.bin, test_batch.bin",
            Path.of("data/cifar-10-batches-bin"),
            Cifar::load10));
    add(
        Kind.named(
            "cifar100",
            "CIFAR-100 binary: train.bin, test.bin (fine labels)",
            Path.of("data/cifar-100-binary"),
            Cifar::load100));
    add(
        Kind.named(
                "tiny-imagenet",
                "Tiny-ImageNet 200: wnids.txt, train/<wnid>/images/, val/val_annotations.txt",
                Path.of("data/tiny-imagenet-200"),
                ImageFolders::tinyImageNet)
            .imageFiles(64, Source.Fit.EXACT)
            .normalizedAs(IMAGENET));
    add(
        Kind.named(
                "imagenet",
                "ILSVRC2012 class folders: train/<class>/*.JPEG, val/<class>/*.JPEG",
                Path.of("data/imagenet"),
                ImageFolders::classFolders)
            .imageFiles(224, Source.Fit.RESIZE)
            .normalizedAs(IMAGENET));
    add(
        Kind.named(
                "mini-imagenet",
                "Mini-ImageNet: images/ + train.csv, val.csv, test.csv, or class folders",
                Path.of("data/mini-imagenet"),
                ImageFolders::miniImageNet)
            .imageFiles(84, Source.Fit.RESIZE)
            .normalizedAs(IMAGENET));
    add(
        Kind.named(
                "folder",
                "any class folders of JPEG/PNG: train/<class>/, val/<class>/ or test/<class>/",
                Path.of("data/folder"),
                ImageFolders::classFolders)
            .imageFiles(0, Source.Fit.EXACT));
  }

  private static void add(Kind kind) {
    KINDS.put(kind.name(), kind);
  }

  public static List<String> names() {
    return List.copyOf(KINDS.keySet());
  }

  public static boolean exists(String name) {
    return KINDS.containsKey(name);
  }

  public static Kind kind(String name) {
    Kind k = KINDS.get(name);
    if (k == null) {
      throw new BadInputException(
          "unknown dataset kind '" + name + "' (known: " + String.join(", ", names()) + ")");
    }
    return k;
  }

  /**
   * A dataset named on the command line: {@code kind} (its default directory) or {@code kind:path}.
   */
  public record DataSpec(String kind, Path dir) {
    public static DataSpec parse(String spec) {
      int colon = spec.indexOf(':');
      String name = colon < 0 ? spec : spec.substring(0, colon);
      Kind k = Datasets.kind(name);
      return new DataSpec(name, colon < 0 ? k.defaultDir() : Path.of(spec.substring(colon + 1)));
    }

    @Override
    public String toString() {
      return kind + ":" + dir;
    }
  }

  /** The in-memory splits of {@code kind} (Fashion-MNIST, CIFAR), as its reader returns them. */
  public static Splits<ImageSet> loadInMemory(String kind, Path dir) {
    kind(kind).installer().accept(dir);
    if (kind(kind).files()) {
      throw new BadInputException(kind + " is a set of image files, not held in memory");
    }
    @SuppressWarnings("unchecked")
    Splits<ImageSet> s = (Splits<ImageSet>) kind(kind).reader().apply(dir);
    return s;
  }

  /** The files of an image-file kind, listed and labelled, nothing decoded. */
  public static Splits<ImageFiles> listFiles(String kind, Path dir) {
    kind(kind).installer().accept(dir);
    if (!kind(kind).files()) {
      throw new BadInputException(kind + " is held in memory, not a set of image files");
    }
    @SuppressWarnings("unchecked")
    Splits<ImageFiles> s = (Splits<ImageFiles>) kind(kind).reader().apply(dir);
    return s;
  }

  /**
   * Reads {@code kind} from {@code dir}. {@code imageSide} (image files only; null = the kind's
   * default, or for {@code folder} the size of its first training image) is the input side; files
   * listed in {@code exclude} (one path per line, as {@code rda data verify} writes them) are left
   * out.
   */
  public static Dataset load(String kind, Path dir, Integer imageSide, Path exclude) {
    Kind k = kind(kind);
    if (!k.files()) {
      if (imageSide != null || exclude != null) {
        throw new BadInputException(
            kind
                + " is held in memory at its own size: data.imageSize and data.exclude apply to"
                + " image files");
      }
      Splits<ImageSet> s = loadInMemory(kind, dir);
      return Dataset.inMemory(kind, dir, s.train(), s.test());
    }
    if (imageSide != null && imageSide < 1) {
      throw new BadInputException("data.imageSize must be >= 1, got " + imageSide);
    }
    Splits<ImageFiles> read = listFiles(kind, dir);
    ImageFiles train = read.train();
    ImageFiles test = read.test();
    List<String> notes = new ArrayList<>();
    if (exclude != null) {
      Set<String> skip = excluded(exclude);
      int before = train.size() + test.size();
      train = without(train, skip);
      test = without(test, skip);
      notes.add((before - train.size() - test.size()) + " images excluded by " + exclude);
    }
    Source.Fit fit = k.fit();
    int side = k.defaultSide();
    Normalization normalization = k.normalization();
    try (ImageFileReader reader = new ImageFileReader(3)) {
      if (imageSide != null) {
        side = imageSide;
        if (side != k.defaultSide()) {
          fit = Source.Fit.RESIZE;
        }
      } else if (side == 0) {
        ImageFileReader.Decoded first = reader.decode(train.paths()[0]);
        if (first.height() != first.width()) {
          throw new BadInputException(
              Path.of(train.paths()[0]),
              "first image is "
                  + first.height()
                  + "x"
                  + first.width()
                  + "; set data.imageSize to choose a square input size");
        }
        side = first.height();
        notes.add("input size from the first image; other sizes are an error");
      }
      if (normalization == null) {
        ImageFiles sample = (ImageFiles) train.randomSubset(256, 0);
        normalization = statistics(reader, sample);
        notes.add("normalisation from " + sample.size() + " sampled training images");
      }
    }
    ImageSpec spec = new ImageSpec(side, side, 3, train.classes());
    return new Dataset(kind, dir, train, test, spec, fit, normalization, String.join("; ", notes));
  }

  private static Normalization statistics(ImageFileReader reader, ImageFiles sample) {
    Normalization.Sums sums = new Normalization.Sums(3);
    for (String path : sample.paths()) {
      // Files that do not decode are left to the pipeline (or verify) to name.
      reader.tryDecode(path).ifPresent(image -> sums.add(image.pixels()));
    }
    return sums.result();
  }

  private static Set<String> excluded(Path list) {
    try {
      Set<String> out = new HashSet<>();
      for (String line : Files.readAllLines(list)) {
        String path = line.strip();
        if (!path.isEmpty() && !path.startsWith("#")) {
          out.add(path.split("\t")[0]);
        }
      }
      return out;
    } catch (NoSuchFileException e) {
      throw new BadInputException(list, "exclusion list not found");
    } catch (IOException e) {
      throw new BadInputException(list, "cannot read: " + e.getMessage());
    }
  }

  private static ImageFiles without(ImageFiles files, Set<String> skip) {
    return files.select(
        IntStream.range(0, files.size()).filter(i -> !skip.contains(files.paths()[i])).toArray());
  }
}

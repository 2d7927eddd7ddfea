package dev.rda.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.augment.CenterCrop;
import dev.rda.augment.RandomResizedCrop;
import dev.rda.augment.SampleAugmentation;
import dev.rda.core.BadInputException;
import dev.rda.core.SessionOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** Image files through the pipeline: decoded pixels, sizing, and the errors that name a file. */
class FileSourceTest {
  @TempDir Path dir;

  /** mean 0, std 1/255: the pipeline's output pixels are the decoded byte values again. */
  private static final Normalization RAW =
      new Normalization(new float[] {0, 0, 0}, new float[] {1f / 255, 1f / 255, 1f / 255});

  /** Every batch of one pass in file order: images [n * side * side * 3] and label indices. */
  private record Pass(float[] images, int[] labels) {}

  private static Pass pass(
      Images set, ImageSpec spec, Source.Fit fit, List<SampleAugmentation> ops) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      InputPipeline pipeline = new InputPipeline(tf, spec, RAW, 2);
      Source source = pipeline.source(fit);
      DataIterator it = new DataIterator(tf, "it", pipeline);
      Op init = it.initializer(pipeline.dataset(source, Stage.evaluation(ops, 4)));
      List<Float> px = new ArrayList<>();
      List<Integer> labels = new ArrayList<>();
      try (Session s = new Session(g, SessionOptions.of(2));
          Source.Tensors data = source.bind(set);
          TInt64 seed = TInt64.scalarOf(0);
          TFloat32 strength = TFloat32.scalarOf(0)) {
        pipeline.feedControls(data.feed(s.runner().addTarget(init)), seed, strength).run();
        while (true) {
          try (Result r = s.runner().fetch(it.next().images()).fetch(it.next().labels()).run()) {
            float[] x = flat((TFloat32) r.get(0));
            float[] y = flat((TFloat32) r.get(1));
            for (float v : x) {
              px.add(v);
            }
            for (int i = 0; i < y.length / spec.classes(); i++) {
              for (int c = 0; c < spec.classes(); c++) {
                if (y[i * spec.classes() + c] == 1f) {
                  labels.add(c);
                }
              }
            }
          } catch (TFOutOfRangeException end) {
            break;
          } catch (TFInvalidArgumentException | TensorFlowException e) {
            throw ImageFileReader.explain(e, set, 0, false, labels.size());
          }
        }
      }
      float[] out = new float[px.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = px.get(i);
      }
      return new Pass(out, labels.stream().mapToInt(Integer::intValue).toArray());
    }
  }

  private static float[] flat(TFloat32 t) {
    float[] out = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  private Dataset pngFolder(int side, int[] perClass) {
    ImageFixtures.classFolders(dir, "train", List.of("a", "b"), perClass, side, 0);
    ImageFixtures.classFolders(dir, "test", List.of("a", "b"), new int[] {1, 1}, side, 90);
    return Datasets.load("folder", dir, null, null);
  }

  @Test
  void pngPixelsAndLabelsArriveExactlyInFileOrder() {
    Dataset d = pngFolder(5, new int[] {3, 4});
    Pass p = pass(d.train(), d.spec(), d.fit(), List.of());
    assertEquals(7 * 5 * 5 * 3, p.images().length);
    assertEquals("[0, 0, 0, 1, 1, 1, 1]", Arrays.toString(p.labels()));
    for (int id = 0; id < 7; id++) {
      for (int y = 0; y < 5; y++) {
        for (int x = 0; x < 5; x++) {
          for (int c = 0; c < 3; c++) {
            assertEquals(
                ImageFixtures.value(id, y, x, c),
                p.images()[((id * 5 + y) * 5 + x) * 3 + c],
                1e-3,
                "image " + id + " (" + y + ", " + x + ", " + c + ")");
          }
        }
      }
    }
  }

  @Test
  void resizedImagesAreTheBilinearHalfPixelAverageOfEach2x2Block() {
    Dataset d = pngFolder(6, new int[] {1, 1});
    ImageSpec three = new ImageSpec(3, 3, 3, 2);
    Pass p = pass(d.train(), three, Source.Fit.RESIZE, List.of());
    for (int id = 0; id < 2; id++) {
      for (int y = 0; y < 3; y++) {
        for (int x = 0; x < 3; x++) {
          for (int c = 0; c < 3; c++) {
            double mean = 0;
            for (int dy = 0; dy < 2; dy++) {
              for (int dx = 0; dx < 2; dx++) {
                mean += ImageFixtures.value(id, 2 * y + dy, 2 * x + dx, c) / 4.0;
              }
            }
            assertEquals(mean, p.images()[((id * 3 + y) * 3 + x) * 3 + c], 1e-3);
          }
        }
      }
    }
  }

  @Test
  void aLeadingCropRunsOnTheDecodedImageAtFullSize() {
    // 6 x 10 images: the centre crop of fraction 1 with a square output is columns 2..7; random
    // resized crop at scale 1, ratio 1 never fits (8 x 8 > 6 rows) and falls back to the same.
    ImageFixtures.image(dir.resolve("train/a/x.png"), 3, 6, 10);
    ImageFiles files =
        new ImageFiles(new String[] {dir.resolve("train/a/x.png").toString()}, new int[] {0}, 1);
    ImageSpec six = new ImageSpec(6, 6, 3, 1);
    for (SampleAugmentation crop :
        List.<SampleAugmentation>of(new CenterCrop(1.0), new RandomResizedCrop(1.0, 1.0, 1.0))) {
      Pass p = pass(files, six, Source.Fit.EXACT, List.of(crop));
      for (int y = 0; y < 6; y++) {
        for (int x = 0; x < 6; x++) {
          assertEquals(
              ImageFixtures.value(3, y, x + 2, 1),
              p.images()[(y * 6 + x) * 3 + 1],
              1e-3,
              crop + " " + y + "," + x);
        }
      }
    }
  }

  @Test
  void anImageOfAnotherSizeStopsThePassNamingTheFile() {
    Dataset d = pngFolder(6, new int[] {2, 2});
    Path odd = ImageFixtures.image(dir.resolve("train/b/img1.png"), 7, 6, 8);
    BadInputException e =
        assertThrows(BadInputException.class, () -> pass(d.train(), d.spec(), d.fit(), List.of()));
    assertEquals(
        odd + ": image size (h, w) [6 8], expected (6, 6); set data.imageSize to resize images",
        e.getMessage());
  }

  @Test
  void anUndecodableImageIsNamedAndVerifyListsEveryOne() throws IOException {
    Dataset d = pngFolder(6, new int[] {3, 3});
    ImageFiles train = (ImageFiles) d.train();
    Path truncated = Path.of(train.paths()[4]);
    byte[] bytes = Files.readAllBytes(truncated);
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
    Path text = Path.of(train.paths()[1]);
    Files.writeString(text, "<html>not an image</html>");

    BadInputException e =
        assertThrows(BadInputException.class, () -> pass(train, d.spec(), d.fit(), List.of()));
    assertTrue(e.getMessage().startsWith(text + ": does not decode ("), e.getMessage());

    try (ImageFileReader reader = new ImageFileReader(3)) {
      List<ImageFileReader.Failure> bad = reader.verify(train, 2, done -> {});
      assertEquals(
          List.of(text.toString(), truncated.toString()),
          bad.stream().map(ImageFileReader.Failure::path).toList());
      assertTrue(bad.get(0).reason().contains("Unknown image file format"), bad.get(0).reason());
      // From position 2 of file order only the truncated one is ahead.
      assertEquals(
          truncated.toString(), reader.firstFailure(train, 0, false, 2).orElseThrow().path());
    }
  }
}

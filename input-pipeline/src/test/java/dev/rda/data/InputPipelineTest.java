package dev.rda.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.augment.Cutout;
import dev.rda.augment.HorizontalFlip;
import dev.rda.augment.Mixup;
import dev.rda.augment.PadCrop;
import dev.rda.augment.SampleAugmentation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.data.DatasetOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

class InputPipelineTest {
  private static final int N = 40;
  private static final int CLASSES = 8;
  private static final int SIDE = 4;

  private Graph graph;
  private Session session;
  private InputPipeline pipeline;
  private DataIterator iterator;
  private Source.Tensors data;
  private Op standard;
  private Op mixup;
  private Op flipOnly;
  private Op flipCutout;

  /** Image i: pixel (y, x) = i + y * 40 + x * 3 (mod 256) differs from every other; label i % 8. */
  private static ImageSet images() {
    byte[] px = new byte[N * SIDE * SIDE];
    int[] labels = new int[N];
    for (int i = 0; i < N; i++) {
      labels[i] = i % CLASSES;
      for (int y = 0; y < SIDE; y++) {
        for (int x = 0; x < SIDE; x++) {
          px[i * SIDE * SIDE + y * SIDE + x] = (byte) (i + y * 40 + x * 3);
        }
      }
    }
    return new ImageSet(px, labels, SIDE, SIDE, 1, CLASSES);
  }

  @BeforeEach
  void build() {
    graph = new Graph();
    Ops tf = Ops.create(graph);
    ImageSet set = images();
    // mean 0, std 1/255: the pipeline's output pixels are the raw byte values again.
    pipeline =
        new InputPipeline(
            tf, ImageSpec.of(set), new Normalization(new float[] {0}, new float[] {1f / 255}), 2);
    Source source = pipeline.source();
    iterator = new DataIterator(tf, "it", pipeline);
    List<SampleAugmentation> crop = List.of(new PadCrop(1), new HorizontalFlip(0.5));
    standard = iterator.initializer(pipeline.dataset(source, new Stage(crop, null, 8, true, true)));
    mixup =
        iterator.initializer(
            pipeline.dataset(source, new Stage(crop, new Mixup(1.0), 8, true, true)));
    flipOnly =
        iterator.initializer(
            pipeline.dataset(
                source, new Stage(List.of(new HorizontalFlip(0.5)), null, 7, true, false)));
    // Cutout has no batch form: this stage runs image by image in a per-sample map.
    flipCutout =
        iterator.initializer(
            pipeline.dataset(
                source,
                new Stage(
                    List.of(new HorizontalFlip(0.5), new Cutout(2, 255, 1)),
                    null,
                    7,
                    true,
                    false)));
    session = new Session(graph);
    data = source.bind(set);
  }

  @AfterEach
  void close() {
    data.close();
    session.close();
    graph.close();
  }

  /** All batches of one epoch: each is {images, labels} flattened. */
  private List<float[][]> epoch(Op init, long seed, float strength) {
    try (TInt64 s = TInt64.scalarOf(seed);
        TFloat32 st = TFloat32.scalarOf(strength)) {
      pipeline.feedControls(data.feed(session.runner().addTarget(init)), s, st).run();
    }
    List<float[][]> batches = new ArrayList<>();
    while (true) {
      try (Result r =
          session.runner().fetch(iterator.next().images()).fetch(iterator.next().labels()).run()) {
        batches.add(new float[][] {flat((TFloat32) r.get(0)), flat((TFloat32) r.get(1))});
      } catch (TFOutOfRangeException end) {
        return batches;
      }
    }
  }

  private static float[] flat(TFloat32 t) {
    float[] out = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  /**
   * Autotuning is off on every dataset: with it on, re-pointing an iterator waited for the old
   * one's model thread (up to 9.8 s an epoch, see {@link InputPipeline#WITHOUT_AUTOTUNE}).
   */
  @Test
  void datasetsRunWithoutAutotune() throws Exception {
    for (Op init : List.of(standard, mixup, flipCutout)) {
      GraphOperation dataset = (GraphOperation) ((GraphOperation) init.op()).input(0).op();
      assertEquals("OptionsDataset", dataset.type());
      DatasetOptions.Options options =
          DatasetOptions.Options.parseFrom(
              dataset.attributes().getAttrValueProto("serialized_options").getS());
      assertTrue(options.getAutotuneOptions().hasEnabled());
      assertFalse(options.getAutotuneOptions().getEnabled());
    }
  }

  @Test
  void sameSeedSameBatchesOtherSeedOtherBatches() {
    List<float[][]> a = epoch(mixup, 5, 1f);
    List<float[][]> b = epoch(mixup, 5, 1f);
    List<float[][]> c = epoch(mixup, 6, 1f);
    assertEquals(N / 8, a.size());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i)[0], b.get(i)[0]);
      assertArrayEquals(a.get(i)[1], b.get(i)[1]);
    }
    assertFalse(Arrays.equals(a.get(0)[0], c.get(0)[0]));
  }

  @Test
  void everyImageOnceWithItsOwnLabelAndPartialBatchKept() {
    assertEveryImageOnce(epoch(flipOnly, 3, 0f));
  }

  @Test
  void perSampleIntensiveOpsFollowTheStrength() {
    // At strength 0 Cutout is off: the image-by-image path yields every image once, intact.
    assertEveryImageOnce(epoch(flipCutout, 3, 0f));
    int filled = 0;
    for (float[][] batch : epoch(flipCutout, 3, 1f)) {
      for (float v : batch[0]) {
        filled += v > 254.5f ? 1 : 0; // the images' own values stay below 170
      }
    }
    assertTrue(filled >= N, "every image gets at least one filled pixel, got " + filled);
  }

  private static void assertEveryImageOnce(List<float[][]> batches) {
    assertEquals(6, batches.size()); // 40 images in batches of 7: the last has 5
    boolean[] seen = new boolean[N];
    int position = 0;
    boolean shuffled = false;
    for (float[][] batch : batches) {
      int rows = batch[1].length / CLASSES;
      for (int r = 0; r < rows; r++) {
        // Pixel (0,0) or, if flipped, (0,3) identifies the image.
        float a = batch[0][r * 16];
        float b = batch[0][r * 16 + 3];
        int id = (int) Math.min(a, b);
        assertEquals(9f, Math.abs(a - b)); // flip leaves the row's two ends, 3 * 3 apart
        assertFalse(seen[id], "image " + id + " twice");
        seen[id] = true;
        shuffled |= id != position++;
        for (int k = 0; k < CLASSES; k++) {
          assertEquals(
              k == id % CLASSES ? 1f : 0f, batch[1][r * CLASSES + k], "label of image " + id);
        }
      }
    }
    for (boolean s : seen) {
      assertTrue(s);
    }
    assertTrue(shuffled);
  }

  @Test
  void phaseSwapOnTheSameIteratorTurnsMixingOff() {
    assertTrue(anyMixed(epoch(mixup, 1, 1f)), "intensive phase mixes labels");
    assertFalse(anyMixed(epoch(standard, 2, 0f)), "after the swap no batch is mixed");
    assertFalse(anyMixed(epoch(mixup, 3, 0f)), "strength 0 switches mixup off exactly");
    assertTrue(anyMixed(epoch(mixup, 4, 1f)), "and the same iterator can go back");
  }

  private static boolean anyMixed(List<float[][]> batches) {
    for (float[][] batch : batches) {
      for (float v : batch[1]) {
        if (v != 0f && v != 1f) {
          return true;
        }
      }
    }
    return false;
  }
}

package dev.rda.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.core.BadInputException;
import dev.rda.data.ImageSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code data.heldOut}: training images kept out of training and evaluated every epoch. */
class HeldOutTest {

  private static TrainConfig withHeldOut(TrainConfig c, Double fraction) {
    return c.withData(c.data().withHeldOut(fraction));
  }

  /** Each image's pixels as a string: the generated images all differ. */
  private static Set<String> pixels(ImageSet set) {
    Set<String> out = new HashSet<>();
    int size = set.height() * set.width() * set.channels();
    for (int i = 0; i < set.size(); i++) {
      out.add(Arrays.toString(Arrays.copyOfRange(set.pixels(), i * size, (i + 1) * size)));
    }
    return out;
  }

  @Test
  void aSeededFractionLeavesTrainingAndTheRestKeepsItsOrder() {
    TrainConfig config = withHeldOut(Fixtures.config(2, 0, null), 0.25);
    config.validate();
    TrainingData data = Fixtures.data(config);
    ImageSet all = Fixtures.bands(256, 1);
    ImageSet train = (ImageSet) data.train();
    ImageSet held = (ImageSet) data.heldOut();
    assertEquals(192, train.size());
    assertEquals(64, held.size());
    Set<String> trained = pixels(train);
    Set<String> heldOut = pixels(held);
    assertEquals(256, trained.size() + heldOut.size());
    heldOut.retainAll(trained);
    assertTrue(heldOut.isEmpty(), "images both held out and trained on: " + heldOut.size());
    // The kept images are the full set's in its order, with the held-out ones taken out.
    List<String> order = new ArrayList<>();
    int size = all.height() * all.width();
    Set<String> trainedSet = pixels(train);
    for (int i = 0; i < all.size(); i++) {
      String p = Arrays.toString(Arrays.copyOfRange(all.pixels(), i * size, (i + 1) * size));
      if (trainedSet.contains(p)) {
        order.add(p);
      }
    }
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < train.size(); i++) {
      kept.add(Arrays.toString(Arrays.copyOfRange(train.pixels(), i * size, (i + 1) * size)));
    }
    assertEquals(order, kept);
    // The same seed holds out the same images.
    assertArrayEquals(held.pixels(), ((ImageSet) Fixtures.data(config).heldOut()).pixels());
    // The clean sample comes from the images trained on.
    assertTrue(trained.containsAll(pixels((ImageSet) data.clean())));
  }

  @Test
  void withoutAFractionNothingIsHeldOut() {
    TrainingData data = Fixtures.data(Fixtures.config(2, 0, null));
    assertNull(data.heldOut());
    assertEquals(256, data.train().size());
  }

  @Test
  void aFractionOutsideTheRangeIsRefusedNamingTheField() {
    for (double bad : new double[] {0, -0.1, 0.5, 1.2}) {
      TrainConfig config = withHeldOut(Fixtures.config(2, 0, null), bad);
      BadInputException e = assertThrows(BadInputException.class, config::validate);
      assertTrue(e.getMessage().contains("'data.heldOut'"), e.getMessage());
    }
  }

  @Test
  void everyEpochRecordsTheHeldOutLoss() {
    TrainConfig config = withHeldOut(Fixtures.config(2, 0, null), 0.25);
    TrainingData data = Fixtures.data(config);
    List<EpochMetrics> epochs = new ArrayList<>();
    try (TrainingGraph graph = new TrainingGraph(config, data, 2)) {
      graph.initialize();
      new Trainer(
              config,
              graph,
              List.of(
                  new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochMetrics m, List<EpochMetrics> history) {
                      epochs.add(m);
                    }
                  }))
          .run(data, List.of(), config.epochs());
    }
    assertEquals(2, epochs.size());
    for (EpochMetrics m : epochs) {
      assertNotNull(m.heldOutLoss());
      assertTrue(m.heldOutLoss() > 0 && Double.isFinite(m.heldOutLoss()), m.toString());
      assertTrue(m.heldOutTop1() >= 0 && m.heldOutTop1() <= 100, m.toString());
      // 64 held-out images: top-1 moves in steps of 100/64.
      double hits = m.heldOutTop1() * 64 / 100;
      assertEquals(Math.rint(hits), hits, 1e-9, m.toString());
    }
  }
}

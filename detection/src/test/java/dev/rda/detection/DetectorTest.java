package dev.rda.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.savedmodels.ClassifierExport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DetectorTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(DetectorLayout.class)
  void aTinyDetectorsLossFallsOnAFixedBatch(DetectorLayout layout) {
    Path backbone = TinyDetection.backbone(tmp);
    List<Voc.VocImage> images = MiniVoc.write(tmp.resolve("voc"), 4, 0, 64, 1);
    DetectionConfig config = TinyDetection.config(backbone, tmp.resolve("voc"), 64, layout);
    try (Detector detector = new Detector(config, ClassifierExport.info(backbone), 2)) {
      detector.loadBackbone(backbone);
      List<Canvas> batch = new ArrayList<>();
      images.forEach(i -> batch.add(Canvas.of(i, config.scale(), false)));
      Random random = new Random(0);
      double first = detector.train(batch, 0.01, random).total();
      double last = first;
      for (int step = 0; step < 40; step++) {
        last = detector.train(batch, 0.01, random).total();
      }
      assertTrue(last < 0.6 * first, "loss " + first + " -> " + last);
    }
  }

  /**
   * The partial run's step equals two whole runs' step: same losses on the same batch and sampling
   * (at LR 0, so that the weights stay put between the two).
   */
  @Test
  void oneBackbonePassGivesTheLossesOfTwo() {
    Path backbone = TinyDetection.backbone(tmp);
    List<Voc.VocImage> images = MiniVoc.write(tmp.resolve("voc"), 2, 0, 64, 2);
    DetectionConfig config =
        TinyDetection.config(backbone, tmp.resolve("voc"), 64, DetectorLayout.FPN);
    try (Detector detector = new Detector(config, ClassifierExport.info(backbone), 2)) {
      detector.loadBackbone(backbone);
      List<Canvas> batch = new ArrayList<>();
      images.forEach(i -> batch.add(Canvas.of(i, config.scale(), true)));
      Detector.Losses one = detector.train(batch, 0, new Random(5), Detector.Passes.ONE);
      Detector.Losses two = detector.train(batch, 0, new Random(5), Detector.Passes.TWO);
      Detector.Losses again = detector.train(batch, 0, new Random(5), Detector.Passes.ONE);
      assertEquals(two.rpnClass(), one.rpnClass(), 1e-6);
      assertEquals(two.rpnBox(), one.rpnBox(), 1e-6);
      assertEquals(two.headClass(), one.headClass(), 1e-6);
      assertEquals(two.headBox(), one.headBox(), 1e-6);
      assertEquals(one, again);
    }
  }
}

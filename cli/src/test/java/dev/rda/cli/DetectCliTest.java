package dev.rda.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.data.FashionMnistTest;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rda detect} as a user runs it: generated data, a tiny backbone, train, evaluate, predict.
 */
class DetectCliTest {
  @TempDir Path tmp;

  @Test
  void trainEvaluatePredictOnAGeneratedMiniVoc() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("fmnist"));
    FashionMnistTest.writeFake(data, 64, 40, 12, 12, true);
    Path classifier = tmp.resolve("classifier");
    // Width 16, the presets' width: the backbone a user would export.
    Cli.Outcome trained =
        Cli.rda(
            Cli.tinyTrain("fmnist-standard", data, classifier, "--epochs", "1", "--width", "16"));
    assertEquals(0, trained.code(), trained.err());
    Path backbone = tmp.resolve("backbone");
    assertEquals(0, Cli.rda("export", classifier.toString(), "-o", backbone.toString()).code());

    Path voc = tmp.resolve("voc");
    Cli.Outcome made =
        Cli.rda(
            "detect", "mini-voc", voc.toString(), "--train", "8", "--test", "4", "--size", "64");
    assertEquals(0, made.code(), made.err());
    assertTrue(made.out().startsWith("wrote " + voc.resolve("VOC2007") + ": 8 trainval + 4 test"));

    Path run = tmp.resolve("run");
    Cli.Outcome det = Cli.rda(Cli.tinyDetect(backbone, voc, run));
    assertEquals(0, det.code(), det.err());
    assertTrue(det.out().contains("detector single on stage4 (strides [8])"), det.out());
    assertTrue(det.out().contains("epoch 2/2 lr 0.001000 loss"), det.out());
    Matcher map =
        Pattern.compile("test: mAP ([0-9.]+)% \\(VOC07 11-point, 4 images").matcher(det.out());
    assertTrue(map.find(), det.out());
    assertEquals(2, Files.readAllLines(run.resolve("metrics.jsonl")).size());
    assertTrue(Files.readString(run.resolve("evaluation.json")).contains("\"tvmonitor\""));

    // Evaluating the last checkpoint again gives the same mAP.
    Cli.Outcome eval = Cli.rda("detect", "evaluate", run.toString(), "--threads", "1");
    assertEquals(0, eval.code(), eval.err());
    assertTrue(eval.out().contains("test: mAP " + map.group(1) + "% "), eval.out());

    // Resuming a finished run trains nothing more.
    Cli.Outcome resumed = Cli.rda("detect", "train", "--resume", run.toString(), "--threads", "1");
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.out().contains("resuming after epoch 2"), resumed.out());
    assertFalse(resumed.out().contains("epoch 1/2"), resumed.out());

    // Predict draws on a copy of the image, same size, as PNG.
    Path image = voc.resolve("VOC2007/JPEGImages/000009.jpg");
    Path pictures = tmp.resolve("pictures");
    Cli.Outcome predicted =
        Cli.rda(
            "detect",
            "predict",
            run.toString(),
            image.toString(),
            "-o",
            pictures.toString(),
            "--min-score",
            "0",
            "--threads",
            "1");
    assertEquals(0, predicted.code(), predicted.err());
    BufferedImage drawn = ImageIO.read(pictures.resolve("000009.png").toFile());
    assertEquals(64, drawn.getWidth());
    assertTrue(predicted.out().startsWith(image + ": "), predicted.out());
  }

  @Test
  void badInputsStopWithOneLineAndLeaveNoRun() throws Exception {
    Path run = tmp.resolve("run");
    Cli.Outcome noBackbone =
        Cli.rda("detect", "train", "--preset", "mini-voc", "--run-dir", run.toString());
    assertEquals(2, noBackbone.code());
    assertEquals(
        "rda: config field 'backbone': null must name an exported SavedModel directory\n",
        noBackbone.err());

    Path notExported = Files.createDirectories(tmp.resolve("nothing"));
    Cli.Outcome badBackbone =
        Cli.rda(
            "detect",
            "train",
            "--preset",
            "mini-voc",
            "--backbone",
            notExported.toString(),
            "--run-dir",
            run.toString());
    assertEquals(2, badBackbone.code());
    assertTrue(
        badBackbone.err().startsWith("rda: " + notExported.resolve("assets.extra/rda.json")),
        badBackbone.err());

    Cli.Outcome badValue =
        Cli.rda(
            "detect",
            "train",
            "--preset",
            "mini-voc",
            "--backbone",
            notExported.toString(),
            "--set",
            "head.nms=1.5");
    assertEquals(2, badValue.code());
    assertEquals("rda: config field 'head.nms': 1.5 must be in (0, 1]\n", badValue.err());
    Cli.Outcome badLayout =
        Cli.rda(
            "detect",
            "train",
            "--preset",
            "mini-voc",
            "--backbone",
            notExported.toString(),
            "--set",
            "layout=c5");
    assertEquals(2, badLayout.code());
    assertEquals(
        "rda: config field 'layout': c5 is not a detector layout [fpn, c4, single]\n",
        badLayout.err());
    assertFalse(Files.exists(run));

    Cli.Outcome badImage = Cli.rda("bench", "detect-step", "--image", "800");
    assertEquals(2, badImage.code());
    assertEquals(
        "rda: --image 800: must be WIDTHxHEIGHT in pixels, e.g. 1066x800\n", badImage.err());
  }

  @Test
  void clutterVocHasImagesOfManySizesAndRefusesAFullFolder() throws Exception {
    Path voc = tmp.resolve("clutter");
    Cli.Outcome made =
        Cli.rda("detect", "clutter-voc", voc.toString(), "--train", "6", "--test", "3");
    assertEquals(0, made.code(), made.err());
    assertTrue(
        made.out().startsWith("wrote " + voc.resolve("VOC2007") + ": 6 trainval + 3 test"),
        made.out());
    java.util.List<dev.rda.detection.Voc.VocImage> images =
        dev.rda.detection.Voc.read(voc, "trainval");
    assertEquals(6, images.size());
    assertTrue(images.stream().map(i -> i.width() + "x" + i.height()).distinct().count() > 1);
    assertTrue(images.stream().allMatch(i -> i.objects().size() >= 2));
    Cli.Outcome again = Cli.rda("detect", "clutter-voc", voc.toString());
    assertEquals(2, again.code());
    assertEquals(
        "rda: "
            + voc.resolve("VOC2007")
            + ": already holds a VOC dataset; choose an empty folder\n",
        again.err());
  }
}

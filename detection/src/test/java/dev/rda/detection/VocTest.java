package dev.rda.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.core.BadInputException;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.types.TUint8;

class VocTest {
  @TempDir Path tmp;

  @Test
  void aGeneratedMiniVocReadsBackExactly() throws Exception {
    List<Voc.VocImage> written = MiniVoc.write(tmp, 6, 3, 48, 7);
    List<Voc.VocImage> train = Voc.read(tmp, "trainval");
    List<Voc.VocImage> test = Voc.read(tmp.resolve("VOC2007"), "test");
    assertEquals(written.subList(0, 6), train);
    assertEquals(written.subList(6, 9), test);
    assertTrue(written.stream().allMatch(i -> !i.objects().isEmpty()));
    // The JPEG is the annotated size, and the largest object's colour is at its box's centre:
    // very light or very dark, never the background's middle grey (60-143).
    Voc.VocImage first = train.get(0);
    BufferedImage image = ImageIO.read(first.file().toFile());
    assertEquals(48, image.getWidth());
    Box b =
        first.objects().stream()
            .map(Voc.VocObject::box)
            .max(java.util.Comparator.comparingDouble(Box::area))
            .orElseThrow();
    int red =
        (image.getRGB((int) ((b.x1() + b.x2()) / 2), (int) ((b.y1() + b.y2()) / 2)) >> 16) & 0xff;
    assertTrue(red >= 180 || red <= 45, "object red " + red);
  }

  @Test
  void vocCornersBecomeContinuousBoxesAndDifficultIsKept() throws Exception {
    Path voc =
        minimal(
            """
            <annotation><size><width>10</width><height>8</height><depth>3</depth></size>
              <object><name>dog</name><difficult>1</difficult>
                <bndbox><xmin>1</xmin><ymin>2</ymin><xmax>10</xmax><ymax>8</ymax></bndbox></object>
              <object><name>cat</name>
                <bndbox><xmin>3</xmin><ymin>3</ymin><xmax>4</xmax><ymax>4</ymax></bndbox></object>
            </annotation>\
            """);
    Voc.VocImage image = Voc.read(voc, "test").get(0);
    assertEquals(
        List.of(
            new Voc.VocObject(Voc.CLASSES.indexOf("dog"), new Box(0, 1, 10, 8), true),
            new Voc.VocObject(Voc.CLASSES.indexOf("cat"), new Box(2, 2, 4, 4), false)),
        image.objects());
  }

  @Test
  void badAnnotationsNameTheFile() throws Exception {
    Path voc =
        minimal(
            """
            <annotation><size><width>10</width><height>8</height></size>
              <object><name>unicorn</name>
                <bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object>
            </annotation>\
            """);
    BadInputException unknown = assertThrows(BadInputException.class, () -> Voc.read(voc, "test"));
    assertEquals(
        voc.resolve("Annotations/a.xml") + ": unknown class 'unicorn' (not a PascalVOC class)",
        unknown.getMessage());

    Files.writeString(
        voc.resolve("Annotations/a.xml"),
        """
        <annotation><size><width>10</width><height>8</height></size>
          <object><name>dog</name>
            <bndbox><xmin>1</xmin><ymin>1</ymin><xmax>12</xmax><ymax>5</ymax></bndbox></object>
        </annotation>\
        """);
    BadInputException outside = assertThrows(BadInputException.class, () -> Voc.read(voc, "test"));
    assertTrue(
        outside.getMessage().startsWith(voc.resolve("Annotations/a.xml") + ": object 1"),
        outside.getMessage());

    Files.writeString(voc.resolve("Annotations/a.xml"), "<annotation><size>");
    BadInputException broken = assertThrows(BadInputException.class, () -> Voc.read(voc, "test"));
    assertTrue(
        broken.getMessage().startsWith(voc.resolve("Annotations/a.xml") + ": not a readable"),
        broken.getMessage());

    BadInputException split =
        assertThrows(BadInputException.class, () -> Voc.read(voc, "trainval"));
    assertTrue(
        split
            .getMessage()
            .startsWith(voc.resolve("ImageSets/Main/trainval.txt") + ": split file not found"),
        split.getMessage());

    Files.delete(voc.resolve("JPEGImages/a.jpg"));
    BadInputException image = assertThrows(BadInputException.class, () -> Voc.read(voc, "test"));
    assertTrue(
        image.getMessage().startsWith(voc.resolve("JPEGImages/a.jpg") + ": image of test.txt"),
        image.getMessage());
  }

  @Test
  void aRunWrittenBeforeTheLayoutsIsRefusedInOneLine() throws Exception {
    Path run = java.nio.file.Files.createDirectories(tmp.resolve("old-run"));
    java.nio.file.Files.writeString(
        run.resolve("config.json"), "{\"name\": \"mini-voc\", \"imageSize\": 128}");
    BadInputException e =
        assertThrows(BadInputException.class, () -> DetectionRun.open(run).config());
    assertEquals(
        run.resolve("config.json")
            + ": was written before detection had layouts and per-image scaling (it has"
            + " imageSize); train the run again",
        e.getMessage());
  }

  @Test
  void theScaleSetsTheShorterSideUnlessTheLongerWouldPassItsCap() {
    DetectionConfig.Scale voc = new DetectionConfig.Scale(600, 1000);
    assertEquals(1.6, voc.factor(500, 375), 1e-12); // 800 x 600
    assertEquals(1.0, voc.factor(1000, 300), 1e-12); // 600 would make it 2000 wide
    assertEquals(1.333, new DetectionConfig.Scale(800, 1333).factor(500, 1000), 1e-12);
  }

  @Test
  void aBatchIsPaddedToItsLargestImageRoundedUpTo32() {
    Canvas small = new Canvas(new byte[] {1, 2, 3, 4, 5, 6}, 1, 2, 1, List.of());
    Canvas tall = new Canvas(new byte[33 * 3], 1, 1, 33, List.of());
    try (TUint8 x = DetectorFeeds.pixels(List.of(small, tall))) {
      assertEquals(org.tensorflow.ndarray.Shape.of(2, 64, 32, 3), x.shape());
      assertEquals(4, x.getByte(0, 0, 1, 0));
      assertEquals(0, x.getByte(0, 0, 2, 0));
      assertEquals(0, x.getByte(0, 1, 0, 0));
    }
  }

  @Test
  void aCanvasScalesTheLongerSideAndMovesBoxesAlong() throws Exception {
    Voc.VocImage image = MiniVoc.write(tmp, 1, 0, 40, 3).get(0);
    Voc.VocImage wide = new Voc.VocImage(image.id(), image.file(), 40, 40, image.objects());
    Canvas plain = Canvas.of(wide, new DetectionConfig.Scale(80, 80), false);
    Canvas flipped = Canvas.of(wide, new DetectionConfig.Scale(80, 80), true);
    assertEquals(2.0, plain.scale());
    assertEquals(80 * 80 * 3, plain.pixels().length);
    Box b = image.objects().get(0).box();
    assertEquals(b.scale(2), plain.objects().get(0).box());
    assertEquals(
        new Box(80 - 2 * b.x2(), 2 * b.y1(), 80 - 2 * b.x1(), 2 * b.y2()),
        flipped.objects().get(0).box());
    // Mirrored pixels: column x of one is column 79 - x of the other.
    int row = 40 * 80 * 3;
    for (int x = 0; x < 80; x++) {
      for (int c = 0; c < 3; c++) {
        assertEquals(plain.pixels()[row + 3 * x + c], flipped.pixels()[row + 3 * (79 - x) + c]);
      }
    }
  }

  /** A VOC2007 folder with one image "a" (10x8) in split "test" and this annotation. */
  private Path minimal(String xml) throws Exception {
    Path voc = tmp.resolve("VOC2007");
    Files.createDirectories(voc.resolve("Annotations"));
    Files.createDirectories(voc.resolve("ImageSets/Main"));
    Files.createDirectories(voc.resolve("JPEGImages"));
    Files.writeString(voc.resolve("ImageSets/Main/test.txt"), "a\n");
    Files.writeString(voc.resolve("Annotations/a.xml"), xml);
    ImageIO.write(
        new BufferedImage(10, 8, BufferedImage.TYPE_INT_RGB),
        "jpg",
        voc.resolve("JPEGImages/a.jpg").toFile());
    return voc;
  }
}

package dev.rda.detection;

import dev.rda.core.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * PascalVOC in its devkit layout: {@code Annotations/ID.xml}, {@code ImageSets/Main/SPLIT.txt} and
 * {@code JPEGImages/ID.jpg} under {@code VOC2007} (the root given, or its {@code VOC2007} folder).
 * Difficult objects are kept, flagged: training leaves them out, evaluation ignores detections of
 * them.
 */
public final class Voc {
  private Voc() {}

  /** The 20 PascalVOC classes; label k is class k + 1 of the detector (0 is background). */
  public static final List<String> CLASSES =
      List.of(
          "aeroplane",
          "bicycle",
          "bird",
          "boat",
          "bottle",
          "bus",
          "car",
          "cat",
          "chair",
          "cow",
          "diningtable",
          "dog",
          "horse",
          "motorbike",
          "person",
          "pottedplant",
          "sheep",
          "sofa",
          "train",
          "tvmonitor");

  /** One annotated object: its class index in {@link #CLASSES}, its box, its difficult flag. */
  public record VocObject(int label, Box box, boolean difficult) {}

  /** One annotated image. */
  public record VocImage(String id, Path file, int width, int height, List<VocObject> objects) {}

  /** The images of {@code split} (e.g. trainval, test), in the split file's order. */
  public static List<VocImage> read(Path root, String split) {
    Path voc = Files.isDirectory(root.resolve("Annotations")) ? root : root.resolve("VOC2007");
    Path list = voc.resolve("ImageSets").resolve("Main").resolve(split + ".txt");
    if (!Files.isRegularFile(list)) {
      throw new BadInputException(list, "split file not found (is " + root + " a VOC2007 folder?)");
    }
    List<String> ids;
    try {
      ids =
          Files.readAllLines(list, StandardCharsets.UTF_8).stream()
              .map(String::strip)
              .filter(s -> !s.isEmpty())
              .toList();
    } catch (IOException e) {
      throw new BadInputException(list, "cannot read (" + e.getMessage() + ")");
    }
    if (ids.isEmpty()) {
      throw new BadInputException(list, "lists no images");
    }
    DocumentBuilder parser = parser();
    List<VocImage> images = new ArrayList<>(ids.size());
    for (String id : ids) {
      Path xml = voc.resolve("Annotations").resolve(id + ".xml");
      Path jpeg = voc.resolve("JPEGImages").resolve(id + ".jpg");
      if (!Files.isRegularFile(jpeg)) {
        throw new BadInputException(jpeg, "image of " + list.getFileName() + " not found");
      }
      images.add(annotation(parser, xml, id, jpeg));
    }
    return images;
  }

  private static VocImage annotation(DocumentBuilder parser, Path xml, String id, Path jpeg) {
    if (!Files.isRegularFile(xml)) {
      throw new BadInputException(xml, "annotation not found");
    }
    Document doc;
    try {
      doc = parser.parse(xml.toFile());
    } catch (SAXException | IOException e) {
      throw new BadInputException(xml, "not a readable annotation (" + e.getMessage() + ")");
    }
    Element size = child(xml, doc.getDocumentElement(), "size");
    int width = (int) number(xml, size, "width");
    int height = (int) number(xml, size, "height");
    List<VocObject> objects = new ArrayList<>();
    NodeList nodes = doc.getDocumentElement().getElementsByTagName("object");
    for (int i = 0; i < nodes.getLength(); i++) {
      Element o = (Element) nodes.item(i);
      String name = text(xml, o, "name");
      int label = CLASSES.indexOf(name);
      if (label < 0) {
        throw new BadInputException(xml, "unknown class '" + name + "' (not a PascalVOC class)");
      }
      NodeList flags = o.getElementsByTagName("difficult");
      boolean difficult =
          flags.getLength() > 0 && flags.item(0).getTextContent().strip().equals("1");
      Element b = child(xml, o, "bndbox");
      // VOC corners are 1-based and inclusive; see Box for the continuous form.
      Box box =
          new Box(
              number(xml, b, "xmin") - 1,
              number(xml, b, "ymin") - 1,
              number(xml, b, "xmax"),
              number(xml, b, "ymax"));
      if (box.width() <= 0
          || box.height() <= 0
          || box.x1() < 0
          || box.y1() < 0
          || box.x2() > width
          || box.y2() > height) {
        throw new BadInputException(
            xml,
            "object "
                + (i + 1)
                + " ("
                + name
                + ") has a box outside its "
                + width
                + "x"
                + height
                + " image or no area: "
                + box);
      }
      objects.add(new VocObject(label, box, difficult));
    }
    return new VocImage(id, jpeg, width, height, List.copyOf(objects));
  }

  private static DocumentBuilder parser() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return f.newDocumentBuilder();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Element child(Path xml, Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    if (nodes.getLength() == 0) {
      throw new BadInputException(xml, "<" + parent.getTagName() + "> has no <" + tag + ">");
    }
    return (Element) nodes.item(0);
  }

  private static String text(Path xml, Element parent, String tag) {
    return child(xml, parent, tag).getTextContent().strip();
  }

  private static double number(Path xml, Element parent, String tag) {
    String s = text(xml, parent, tag);
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new BadInputException(xml, "<" + tag + "> is not a number: '" + s + "'");
    }
  }
}

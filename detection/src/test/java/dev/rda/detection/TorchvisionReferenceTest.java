package dev.rda.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rda.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * rda's detection parts against torchvision 0.14's (Debian's python3-torchvision) on the inputs and
 * outputs {@code src/test/python/torchvision_reference.py} wrote: RoIAlign, the FPN level rule, the
 * box coder, NMS and IoU. Each test prints its largest difference.
 */
class TorchvisionReferenceTest {
  private static JsonNode reference;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in =
        TorchvisionReferenceTest.class.getResourceAsStream("torchvision-reference.json")) {
      reference = Json.MAPPER.readTree(in);
    }
  }

  private static Box box(JsonNode b) {
    return new Box(
        b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble());
  }

  private static Box[] boxes(JsonNode list) {
    return IntStream.range(0, list.size()).mapToObj(i -> box(list.get(i))).toArray(Box[]::new);
  }

  @Test
  void roiAlignMatchesTorchvisionAligned() {
    JsonNode r = reference.get("roi_align");
    JsonNode f = r.get("feature"); // H x W x C
    int h = f.size();
    int w = f.get(0).size();
    int c = f.get(0).get(0).size();
    float[] map = new float[h * w * c];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int k = 0; k < c; k++) {
          map[(y * w + x) * c + k] = (float) f.get(y).get(x).get(k).asDouble();
        }
      }
    }
    JsonNode rois = r.get("rois");
    float[] flat = new float[rois.size() * 4];
    for (int i = 0; i < rois.size(); i++) {
      for (int k = 0; k < 4; k++) {
        flat[i * 4 + k] = (float) rois.get(i).get(k).asDouble();
      }
    }
    float[] pooled = new float[rois.size() * 7 * 7 * c];
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> out =
          RoiAlign.apply(
              tf,
              tf.constant(
                  NdArrays.wrap(
                      Shape.of(1, h, w, c), org.tensorflow.ndarray.buffer.DataBuffers.of(map))),
              tf.constant(
                  NdArrays.wrap(
                      Shape.of(rois.size(), 4),
                      org.tensorflow.ndarray.buffer.DataBuffers.of(flat))),
              tf.constant(new int[rois.size()]),
              r.get("stride").asInt(),
              7,
              2);
      try (TFloat32 t = (TFloat32) s.runner().fetch(out).run().get(0)) {
        assertEquals(Shape.of(rois.size(), 7, 7, c), t.shape());
        t.asRawTensor().data().asFloats().read(pooled);
      }
    }
    JsonNode want = r.get("pooled"); // R x 7 x 7 x C
    double max = 0;
    int i = 0;
    for (int roi = 0; roi < rois.size(); roi++) {
      for (int y = 0; y < 7; y++) {
        for (int x = 0; x < 7; x++) {
          for (int k = 0; k < c; k++) {
            max =
                Math.max(
                    max, Math.abs(pooled[i++] - want.get(roi).get(y).get(x).get(k).asDouble()));
          }
        }
      }
    }
    System.out.printf("RoIAlign vs torchvision: max |difference| %.2e over %d values%n", max, i);
    assertTrue(max < 1e-5, "RoIAlign differs by " + max);
  }

  @Test
  void pyramidLevelsMatchTorchvisionsLevelMapper() {
    JsonNode l = reference.get("levels");
    Box[] rois = boxes(l.get("boxes"));
    int[] ours = java.util.Arrays.stream(rois).mapToInt(PyramidLevels.FPN::of).toArray();
    int[] theirs =
        IntStream.range(0, rois.length).map(i -> l.get("levels").get(i).asInt()).toArray();
    assertArrayEquals(theirs, ours);
  }

  @Test
  void boxCoderMatchesTorchvisionsBoxCoder() {
    JsonNode c = reference.get("coder");
    Box[] references = boxes(c.get("references"));
    Box[] targets = boxes(c.get("targets"));
    for (String name : new String[] {"head", "rpn"}) {
      JsonNode part = c.get(name);
      JsonNode wt = part.get("weights");
      BoxCoder coder =
          new BoxCoder(
              wt.get(0).asDouble(),
              wt.get(1).asDouble(),
              wt.get(2).asDouble(),
              wt.get(3).asDouble());
      assertEquals(name.equals("head") ? BoxCoder.HEAD : BoxCoder.RPN, coder);
      double encode = 0;
      double decode = 0;
      for (int i = 0; i < references.length; i++) {
        float[] d = coder.encode(references[i], targets[i]);
        for (int k = 0; k < 4; k++) {
          encode = Math.max(encode, Math.abs(d[k] - part.get("deltas").get(i).get(k).asDouble()));
        }
        float[] wild = new float[4];
        for (int k = 0; k < 4; k++) {
          wild[k] = (float) part.get("wild").get(i).get(k).asDouble();
        }
        Box got = coder.decode(references[i], wild, 0);
        Box want = box(part.get("decoded").get(i));
        decode = Math.max(decode, maxDifference(got, want));
      }
      System.out.printf(
          "box coder %s vs torchvision: encode max |difference| %.2e, decode %.2e (pixels)%n",
          name, encode, decode);
      assertTrue(encode < 1e-5, name + " encode " + encode);
      assertTrue(decode < 1e-3, name + " decode " + decode);
    }
  }

  private static double maxDifference(Box a, Box b) {
    return Math.max(
        Math.max(Math.abs(a.x1() - b.x1()), Math.abs(a.y1() - b.y1())),
        Math.max(Math.abs(a.x2() - b.x2()), Math.abs(a.y2() - b.y2())));
  }

  @Test
  void nmsKeepsWhatTorchvisionKeeps() {
    JsonNode n = reference.get("nms");
    Box[] all = boxes(n.get("boxes"));
    float[] scores = new float[all.length];
    for (int i = 0; i < all.length; i++) {
      scores[i] = (float) n.get("scores").get(i).asDouble();
    }
    for (String threshold : new String[] {"0.5", "0.7"}) {
      JsonNode kept = n.get("kept").get(threshold);
      int[] theirs = IntStream.range(0, kept.size()).map(i -> kept.get(i).asInt()).toArray();
      assertArrayEquals(theirs, Nms.keep(all, scores, Double.parseDouble(threshold), all.length));
    }
  }

  @Test
  void iouMatchesTorchvisionsBoxIou() {
    JsonNode u = reference.get("iou");
    Box[] a = boxes(u.get("a"));
    Box[] b = boxes(u.get("b"));
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        max = Math.max(max, Math.abs(a[i].iou(b[j]) - u.get("iou").get(i).get(j).asDouble()));
      }
    }
    System.out.printf("IoU vs torchvision: max |difference| %.2e%n", max);
    assertTrue(max < 1e-6, "IoU differs by " + max);
  }

  /** The reference's pyramid anchors: levels of strides 4..64 over its padded batch. */
  private static AnchorLevels referenceAnchors() {
    JsonNode a = reference.get("anchors");
    int[] strides =
        IntStream.range(0, a.get("strides").size())
            .map(i -> a.get("strides").get(i).asInt())
            .toArray();
    int[][] cells = new int[strides.length][];
    java.util.List<java.util.List<Integer>> sizes = new java.util.ArrayList<>();
    java.util.List<Double> ratios = new java.util.ArrayList<>();
    a.get("ratios").forEach(r -> ratios.add(r.asDouble()));
    for (int l = 0; l < strides.length; l++) {
      cells[l] =
          new int[] {a.get("height").asInt() / strides[l], a.get("width").asInt() / strides[l]};
      sizes.add(java.util.List.of(a.get("sizes").get(l).asInt()));
    }
    return AnchorLevels.of(cells, strides, sizes, ratios);
  }

  @Test
  void anchorsAreTorchvisionsAnchorGenerators() {
    Box[] theirs = boxes(reference.get("anchors").get("anchors"));
    Box[] ours = referenceAnchors().boxes();
    assertEquals(theirs.length, ours.length);
    double max = 0;
    for (int i = 0; i < ours.length; i++) {
      max = Math.max(max, maxDifference(ours[i], theirs[i]));
    }
    System.out.printf(
        "anchors vs torchvision: %d anchors, max |difference| %.2e px%n", ours.length, max);
    assertEquals(0, max, "anchors differ by " + max + " px");
  }

  @Test
  void proposalsAreWhatTorchvisionsRpnKeeps() {
    JsonNode p = reference.get("proposals");
    AnchorLevels anchors = referenceAnchors();
    int n = anchors.boxes().length;
    float[] objectness = new float[n];
    float[] deltas = new float[4 * n];
    for (int a = 0; a < n; a++) {
      objectness[a] = (float) (1 / (1 + Math.exp(-p.get("logits").get(a).asDouble())));
      for (int k = 0; k < 4; k++) {
        deltas[4 * a + k] = (float) p.get("deltas").get(a).get(k).asDouble();
      }
    }
    Box[] ours =
        Proposals.rpn(
            anchors,
            objectness,
            deltas,
            0,
            p.get("image").get(1).asDouble(),
            p.get("image").get(0).asDouble(),
            p.get("preNms").asInt(),
            p.get("postNms").asInt(),
            p.get("nms").asDouble());
    Box[] theirs = boxes(p.get("boxes"));
    assertEquals(theirs.length, ours.length);
    double max = 0;
    for (int i = 0; i < ours.length; i++) {
      max = Math.max(max, maxDifference(ours[i], theirs[i]));
    }
    System.out.printf(
        "RPN proposals vs torchvision: the same %d boxes in the same order, max |difference| %.2e"
            + " px%n",
        ours.length, max);
    assertTrue(max < 1e-3, "proposals differ by " + max + " px");
  }
}

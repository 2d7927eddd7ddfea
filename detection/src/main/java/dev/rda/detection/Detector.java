package dev.rda.detection;

import dev.rda.core.SessionOptions;
import dev.rda.savedmodels.BackboneInit;
import dev.rda.savedmodels.ClassifierExport;
import dev.rda.training.VariableValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * Faster R-CNN (Ren et al., 2015) over an exported backbone: its graph ({@link DetectorGraph}), its
 * training targets ({@link Targets}) and the session calls that join them.
 *
 * <p>Box logic (anchors, target assignment, sampling, proposal decoding, NMS) runs in Java between
 * two session calls: the first computes the RPN's outputs, from which Java makes proposals and
 * samples RoIs; the second feeds the RoIs and targets and trains. The backbone's forward pass runs
 * in both calls: about a third more compute per step than an in-graph sampler would need, for box
 * code that is plain Java and tested by hand cases.
 */
public final class Detector implements AutoCloseable {
  /** Box deltas regressed per class, for the 20 VOC classes; scores have a background class too. */
  public final int classes;

  public final int canvas;
  public final int stride;
  public final int featureHeight;
  public final int featureWidth;
  public final String featureMap;
  public final Box[] anchors;
  public final int trainableCount;

  private final DetectionConfig config;
  private final DetectorGraph g;
  private final Session session;

  public Detector(DetectionConfig config, ClassifierExport.Info info, int threads) {
    this.config = config;
    this.g = new DetectorGraph(config, info);
    this.classes = g.classes;
    this.canvas = g.canvas;
    this.stride = g.stride;
    this.featureHeight = g.featureHeight;
    this.featureWidth = g.featureWidth;
    this.featureMap = g.featureMap;
    this.anchors = g.anchors;
    this.trainableCount = g.trainableCount;
    session = new Session(g.graph, SessionOptions.of(threads));
    session.initialize();
  }

  /** The four losses of one training step. */
  public record Losses(double rpnClass, double rpnBox, double headClass, double headBox) {
    public double total() {
      return rpnClass + rpnBox + headClass + headBox;
    }
  }

  /** One SGD step on {@code batch}, its sampling drawn from {@code random}. */
  public Losses train(List<Canvas> batch, double lr, Random random) {
    try (TUint8 x = DetectorFeeds.pixels(batch, canvas)) {
      return train(x, batch, lr, random);
    }
  }

  /** The step on {@code batch}'s pixels {@code x}, which both session calls feed. */
  private Losses train(TUint8 x, List<Canvas> batch, double lr, Random random) {
    int b = batch.size();
    int n = anchors.length;
    float[] objectness;
    float[] deltas;
    try (Result r =
        session.runner().feed(g.images, x).fetch(g.rpnProbabilities).fetch(g.rpnDeltas).run()) {
      objectness = DetectorFeeds.floats(r.get(0));
      deltas = DetectorFeeds.floats(r.get(1));
    }
    Targets.Step t =
        Targets.forBatch(
            anchors,
            batch,
            i -> proposals(objectness, deltas, i, batch.get(i), true),
            classes,
            config,
            random);
    int r = t.rois().size();
    try (TFloat32 l = DetectorFeeds.tensor(t.rpnLabels(), b, n);
        TFloat32 w = DetectorFeeds.tensor(t.rpnWeights(), b, n);
        TFloat32 rt = DetectorFeeds.tensor(t.rpnTargets(), b, n, 4);
        TFloat32 boxes = DetectorFeeds.rois(t.rois(), stride, featureHeight, featureWidth);
        TInt32 owner = TInt32.vectorOf(t.roiImages());
        TInt32 hl = TInt32.vectorOf(t.roiLabels());
        TFloat32 ht = DetectorFeeds.tensor(t.roiTargets(), r, 4 * classes);
        TFloat32 hw = DetectorFeeds.tensor(t.roiWeights(), r, 4 * classes);
        TFloat32 rate = TFloat32.scalarOf((float) lr);
        Result out =
            session
                .runner()
                .feed(g.images, x)
                .feed(g.loss.rpnLabels, l)
                .feed(g.loss.rpnWeights, w)
                .feed(g.loss.rpnTargets, rt)
                .feed(g.rois, boxes)
                .feed(g.roiImages, owner)
                .feed(g.loss.headLabels, hl)
                .feed(g.loss.headTargets, ht)
                .feed(g.loss.headWeights, hw)
                .feed(g.loss.learningRate, rate)
                .fetch(g.loss.rpnClassLoss)
                .fetch(g.loss.rpnBoxLoss)
                .fetch(g.loss.headClassLoss)
                .fetch(g.loss.headBoxLoss)
                .addTarget(g.trainStep)
                .run()) {
      return new Losses(
          DetectorFeeds.scalar(out.get(0)),
          DetectorFeeds.scalar(out.get(1)),
          DetectorFeeds.scalar(out.get(2)),
          DetectorFeeds.scalar(out.get(3)));
    }
  }

  /**
   * Detections on {@code batch} (not flipped), in original image pixels; image indices start at
   * {@code firstImage}. The backbone runs once: the second call feeds its feature map back in.
   */
  public List<Detection> detect(List<Canvas> batch, int firstImage) {
    int b = batch.size();
    try (TUint8 x = DetectorFeeds.pixels(batch, canvas);
        Result first =
            session
                .runner()
                .feed(g.images, x)
                .fetch(g.rpnProbabilities)
                .fetch(g.rpnDeltas)
                .fetch(g.features)
                .run()) {
      float[] objectness = DetectorFeeds.floats(first.get(0));
      float[] deltas = DetectorFeeds.floats(first.get(1));
      List<Box[]> proposals = new ArrayList<>();
      List<Box> all = new ArrayList<>();
      List<Integer> owners = new ArrayList<>();
      for (int i = 0; i < b; i++) {
        Box[] p = proposals(objectness, deltas, i, batch.get(i), false);
        proposals.add(p);
        for (Box box : p) {
          all.add(box);
          owners.add(i);
        }
      }
      try (TFloat32 boxes = DetectorFeeds.rois(all, stride, featureHeight, featureWidth);
          TInt32 owner = TInt32.vectorOf(owners.stream().mapToInt(Integer::intValue).toArray());
          Result second =
              session
                  .runner()
                  .feed(g.features, (TFloat32) first.get(2))
                  .feed(g.rois, boxes)
                  .feed(g.roiImages, owner)
                  .fetch(g.headProbabilities)
                  .fetch(g.headDeltas)
                  .run()) {
        float[] probabilities = DetectorFeeds.floats(second.get(0));
        float[] boxDeltas = DetectorFeeds.floats(second.get(1));
        List<Detection> out = new ArrayList<>();
        int offset = 0;
        for (int i = 0; i < b; i++) {
          Canvas c = batch.get(i);
          out.addAll(
              Proposals.detections(
                  firstImage + i,
                  proposals.get(i),
                  probabilities,
                  boxDeltas,
                  offset,
                  classes,
                  c.width(),
                  c.height(),
                  c.scale(),
                  config.head()));
          offset += proposals.get(i).length;
        }
        return out;
      }
    }
  }

  /** Image {@code i}'s proposals from the batch's RPN outputs, with training or test counts. */
  private Box[] proposals(float[] objectness, float[] deltas, int i, Canvas c, boolean training) {
    DetectionConfig.Rpn rpn = config.rpn();
    return Proposals.rpn(
        anchors,
        objectness,
        deltas,
        i * anchors.length,
        c.width(),
        c.height(),
        training ? rpn.preNmsTrain() : rpn.preNmsTest(),
        training ? rpn.postNmsTrain() : rpn.postNmsTest(),
        rpn.nms());
  }

  /** Sets the backbone's weights from the SavedModel it was exported to. */
  public void loadBackbone(Path savedModel) {
    List<Variable<TFloat32>> all = new ArrayList<>(g.backbone.parameters().trainable());
    all.addAll(g.backbone.parameters().state());
    BackboneInit.copy(
        savedModel, all, null, values -> VariableValues.assign(g.graph, session, all, values));
  }

  public void save(String prefix) {
    session.save(prefix);
  }

  public void restore(String prefix) {
    session.restore(prefix);
  }

  @Override
  public void close() {
    session.close();
    g.graph.close();
  }
}

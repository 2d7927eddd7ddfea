package dev.rda.detection;

import dev.rda.core.BadInputException;
import dev.rda.core.Checks;
import dev.rda.core.Schedule;
import dev.rda.training.Milestones;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Faster R-CNN training run: the backbone (an exported SavedModel and the backbone variables kept
 * fixed), the detector's layout over it, the VOC data, the image scale, anchors, the RPN and box
 * head, and the solver. Read like the classifier configs (presets, file, flags); {@link #validate}
 * checks every value before anything is written.
 *
 * @param backbone directory of a SavedModel written by {@code rda export}
 * @param layout {@code fpn}, {@code c4} or {@code single} ({@link DetectorLayout})
 * @param featureMap {@code single}: the map the RPN and RoI pooling read (absent: the deepest one
 *     with stride at most 16, C4 for a ResNet); {@code c4}: the map RoIs are pooled from before the
 *     last stage runs on them (absent: the last stage's input, C4 for a ResNet)
 * @param fpn the feature pyramid of layout {@code fpn}
 * @param freeze backbone variables matching this pattern are not trained (Detectron's practice: the
 *     stem, the first stage and every BatchNorm, which runs in inference mode)
 * @param scale how images are scaled; a batch is padded to its largest image, rounded up to a
 *     multiple of {@link #SIZE_DIVISOR}
 * @param flip random horizontal flips in training
 * @param anchorSizes anchor sides in input pixels (area size^2): with {@code fpn} one per pyramid
 *     level, shallowest first; otherwise all on the one map
 * @param anchorRatios anchor height / width
 */
public record DetectionConfig(
    String name,
    String backbone,
    String layout,
    String featureMap,
    Fpn fpn,
    String freeze,
    String data,
    String trainSplit,
    String testSplit,
    Scale scale,
    boolean flip,
    List<Integer> anchorSizes,
    List<Double> anchorRatios,
    Rpn rpn,
    Head head,
    int epochs,
    int batchSize,
    double lr,
    List<Integer> milestones,
    double decay,
    double momentum,
    double weightDecay,
    long seed) {

  /** Batches are padded to multiples of this: the stride of a ResNet's C5. */
  public static final int SIZE_DIVISOR = 32;

  /**
   * A feature pyramid (Lin et al., 2017) over backbone maps {@code maps} (absent: the last four,
   * C2-C5 for a ResNet): a 1x1 lateral convolution of each to {@code channels}, the top-down sum
   * with the coarser level upsampled (nearest), a 3x3 output convolution per level, and one more
   * level above the coarsest by stride-2 subsampling (P6).
   */
  public record Fpn(int channels, List<String> maps) {}

  /**
   * Images are scaled (bilinear, aspect kept) so their shorter side is {@code shorter} unless their
   * longer side would then pass {@code longer}, in which case the longer side is {@code longer}.
   */
  public record Scale(int shorter, int longer) {
    /** The factor for an image of {@code width} x {@code height}. */
    public double factor(int width, int height) {
      return Math.min(
          (double) shorter / Math.min(width, height), (double) longer / Math.max(width, height));
    }
  }

  /**
   * The region proposal network: a 3x3 conv of {@code channels} then objectness and box outputs per
   * anchor. Training samples {@code samples} anchors per image, at most {@code positiveFraction} of
   * them positive (IoU >= {@code positiveIou} with an object, or the best anchor of one), negatives
   * under {@code negativeIou}. Proposals: the {@code preNms} best, NMS at {@code nms}, the {@code
   * postNms} best kept (separately for training and testing).
   */
  public record Rpn(
      int channels,
      int samples,
      double positiveFraction,
      double positiveIou,
      double negativeIou,
      int preNmsTrain,
      int postNmsTrain,
      int preNmsTest,
      int postNmsTest,
      double nms) {}

  /**
   * The box head, on RoIAlign's output with {@code samplingRatio}^2 samples per bin: {@code fpn}
   * pools {@code pool} square bins from the RoI's level, {@code single} 2 {@code pool} then a 2x2
   * max pool, both followed by two fully connected layers of {@code hidden}; {@code c4} pools 2
   * {@code pool} and runs the backbone's last stage (stride 2) and its global average pool; then
   * class scores and per-class boxes. Training samples {@code samples} RoIs per image (proposals
   * and the image's objects), at most {@code foregroundFraction} foreground (IoU >= {@code
   * foregroundIou}). Detections: class scores above {@code scoreThreshold}, NMS per class at {@code
   * nms}, at most {@code maxDetections} per image.
   */
  public record Head(
      int pool,
      int samplingRatio,
      int hidden,
      int samples,
      double foregroundFraction,
      double foregroundIou,
      double scoreThreshold,
      double nms,
      int maxDetections) {}

  /**
   * The learning rate of an epoch (0-based): {@code lr} times {@code decay} per milestone passed.
   */
  public double lr(int epoch) {
    return lr * Schedule.step(milestones, decay).atEpoch(epoch, epochs);
  }

  public Pattern freezePattern() {
    return Pattern.compile(freeze == null ? "(?!)" : freeze);
  }

  public void validate() {
    Checks.require(name != null && !name.isBlank(), "name", name, "must be given");
    Checks.require(
        backbone != null, "backbone", backbone, "must name an exported SavedModel directory");
    Checks.require(data != null, "data", data, "must name a VOC2007 folder");
    DetectorLayout.of(layout);
    Checks.require(scale != null, "scale", scale, "must be given as {shorter, longer}");
    Checks.require(
        scale.shorter() >= SIZE_DIVISOR, "scale.shorter", scale.shorter(), "must be at least 32");
    Checks.require(
        scale.longer() >= scale.shorter(),
        "scale.longer",
        scale.longer(),
        "must be at least scale.shorter");
    if (DetectorLayout.of(layout) == DetectorLayout.FPN) {
      Checks.require(
          fpn != null && fpn.channels() > 0, "fpn.channels", fpn, "must be a positive count");
      Checks.require(
          fpn.maps() == null || fpn.maps().size() >= 1,
          "fpn.maps",
          fpn.maps(),
          "must name at least one backbone map, or be absent (the last four)");
    }
    Checks.require(
        !anchorSizes.isEmpty() && anchorSizes.stream().allMatch(s -> s > 0),
        "anchorSizes",
        anchorSizes,
        "must be positive sizes");
    Checks.require(
        !anchorRatios.isEmpty() && anchorRatios.stream().allMatch(r -> r > 0),
        "anchorRatios",
        anchorRatios,
        "must be positive ratios");
    Checks.require(rpn.channels() > 0, "rpn.channels", rpn.channels(), "must be positive");
    Checks.require(rpn.samples() > 0, "rpn.samples", rpn.samples(), "must be positive");
    Checks.require(
        fraction(rpn.positiveFraction()),
        "rpn.positiveFraction",
        rpn.positiveFraction(),
        "must be in (0, 1]");
    Checks.require(
        rpn.negativeIou() <= rpn.positiveIou() && fraction(rpn.positiveIou()),
        "rpn.negativeIou",
        rpn.negativeIou(),
        "must be at most rpn.positiveIou, in (0, 1]");
    Checks.require(
        rpn.postNmsTrain() > 0 && rpn.preNmsTrain() >= rpn.postNmsTrain(),
        "rpn.postNmsTrain",
        rpn.postNmsTrain(),
        "must be positive and at most rpn.preNmsTrain");
    Checks.require(
        rpn.postNmsTest() > 0 && rpn.preNmsTest() >= rpn.postNmsTest(),
        "rpn.postNmsTest",
        rpn.postNmsTest(),
        "must be positive and at most rpn.preNmsTest");
    Checks.require(fraction(rpn.nms()), "rpn.nms", rpn.nms(), "must be in (0, 1]");
    Checks.require(head.pool() > 0, "head.pool", head.pool(), "must be positive");
    Checks.require(
        head.samplingRatio() > 0, "head.samplingRatio", head.samplingRatio(), "must be positive");
    Checks.require(head.hidden() > 0, "head.hidden", head.hidden(), "must be positive");
    Checks.require(head.samples() > 0, "head.samples", head.samples(), "must be positive");
    Checks.require(
        fraction(head.foregroundFraction()),
        "head.foregroundFraction",
        head.foregroundFraction(),
        "must be in (0, 1]");
    Checks.require(
        fraction(head.foregroundIou()),
        "head.foregroundIou",
        head.foregroundIou(),
        "must be in (0, 1]");
    Checks.require(
        head.scoreThreshold() >= 0 && head.scoreThreshold() < 1,
        "head.scoreThreshold",
        head.scoreThreshold(),
        "must be in [0, 1)");
    Checks.require(fraction(head.nms()), "head.nms", head.nms(), "must be in (0, 1]");
    Checks.require(
        head.maxDetections() > 0, "head.maxDetections", head.maxDetections(), "must be positive");
    Checks.require(epochs > 0, "epochs", epochs, "must be positive");
    Checks.require(batchSize > 0, "batchSize", batchSize, "must be positive");
    Checks.require(lr > 0, "lr", lr, "must be positive");
    Milestones.check("milestones", milestones, epochs, "training");
    Checks.require(decay > 0 && decay <= 1, "decay", decay, "must be in (0, 1]");
    Checks.require(momentum >= 0 && momentum < 1, "momentum", momentum, "must be in [0, 1)");
    Checks.require(weightDecay >= 0, "weightDecay", weightDecay, "must not be negative");
    try {
      freezePattern();
    } catch (PatternSyntaxException e) {
      throw new BadInputException("freeze", freeze, "is not a regular expression");
    }
  }

  private static boolean fraction(double x) {
    return x > 0 && x <= 1;
  }
}

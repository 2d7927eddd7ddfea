package dev.rda.detection;

import dev.rda.core.BadInputException;
import dev.rda.core.Checks;
import dev.rda.core.Schedule;
import dev.rda.training.Milestones;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Faster R-CNN training run: the backbone (an exported SavedModel, the feature map the detector
 * reads and the backbone variables kept fixed), the VOC data, the input size, anchors, the RPN and
 * box head, and the solver. Read like the classifier configs (presets, file, flags); {@link
 * #validate} checks every value before anything is written.
 *
 * @param backbone directory of a SavedModel written by {@code rda export}
 * @param featureMap the backbone feature map the RPN and RoI pooling read (absent: the deepest one
 *     with stride at most 16, C4 for a ResNet)
 * @param freeze backbone variables matching this pattern are not trained (Detectron's practice: the
 *     stem, the first stage and every BatchNorm, which runs in inference mode)
 * @param imageSize images are scaled so their longer side is this, then padded to a square
 * @param flip random horizontal flips in training
 * @param anchorSizes anchor sides in input pixels (area size^2)
 * @param anchorRatios anchor height / width
 */
public record DetectionConfig(
    String name,
    String backbone,
    String featureMap,
    String freeze,
    String data,
    String trainSplit,
    String testSplit,
    int imageSize,
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
   * The box head: RoIs cropped from the feature map to 2 {@code pool} square (crop_and_resize),
   * max-pooled to {@code pool}, two fully connected layers of {@code hidden}, then class scores and
   * per-class boxes. Training samples {@code samples} RoIs per image (proposals and the image's
   * objects), at most {@code foregroundFraction} foreground (IoU >= {@code foregroundIou}).
   * Detections: class scores above {@code scoreThreshold}, NMS per class at {@code nms}, at most
   * {@code maxDetections} per image.
   */
  public record Head(
      int pool,
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
    Checks.require(imageSize >= 32, "imageSize", imageSize, "must be at least 32");
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

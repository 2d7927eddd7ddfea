package dev.rda.augment;

import java.util.Arrays;
import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The 16 operations of AutoAugment (Cubuk et al., 2019) with the magnitude mapping of its reference
 * implementation (levels 0-10) and PIL's uint8 semantics. Pixels are uint8 values held as float32
 * [H, W, C].
 *
 * <p>Signs: a positive magnitude is the positive coefficient. TranslateX +t shows the content moved
 * left by t, ShearX +s maps output (x, y) to input (x + s*y, y), Rotate +d turns the content
 * counter-clockwise about the centre. Which sign is used comes from {@link Draws}.
 */
public enum AutoAugmentOp {
  SHEAR_X(
      "ShearX", geometric((l, w, h, sign) -> PilGeometry.affine(shearX(sign * shear(l)), w, h))),
  SHEAR_Y(
      "ShearY", geometric((l, w, h, sign) -> PilGeometry.affine(shearY(sign * shear(l)), w, h))),
  TRANSLATE_X(
      "TranslateX",
      geometric((l, w, h, sign) -> PilGeometry.affine(move(sign * translation(l, w), 0), w, h))),
  TRANSLATE_Y(
      "TranslateY",
      geometric((l, w, h, sign) -> PilGeometry.affine(move(0, sign * translation(l, h)), w, h))),
  ROTATE(
      "Rotate", geometric((l, w, h, sign) -> PilGeometry.rotate(sign * (int) (l * 30 / 10), w, h))),
  AUTO_CONTRAST("AutoContrast", (tf, px, level, d, fill) -> PilOps.autoContrast(tf, px)),
  INVERT("Invert", (tf, px, level, d, fill) -> PilOps.invert(tf, px)),
  EQUALIZE("Equalize", (tf, px, level, d, fill) -> PilOps.equalize(tf, px)),
  SOLARIZE(
      "Solarize",
      (tf, px, level, d, fill) -> PilOps.solarize(tf, px, 256 - (int) (level * 256 / 10))),
  POSTERIZE(
      "Posterize",
      (tf, px, level, d, fill) -> PilOps.posterize(tf, px, 4 - (int) (level * 4 / 10))),
  CONTRAST(
      "Contrast",
      (tf, px, level, d, fill) ->
          PilOps.blend(tf, PilOps.meanGray(tf, px), px, enhanceFactor(level))),
  COLOR(
      "Color",
      (tf, px, level, d, fill) ->
          PilOps.blend(tf, PilOps.grayInChannels(tf, px), px, enhanceFactor(level))),
  BRIGHTNESS(
      "Brightness",
      (tf, px, level, d, fill) -> PilOps.blend(tf, tf.zerosLike(px), px, enhanceFactor(level))),
  SHARPNESS(
      "Sharpness",
      (tf, px, level, d, fill) ->
          PilOps.blend(tf, PilOps.smooth(tf, px), px, enhanceFactor(level))),
  CUTOUT(
      "Cutout",
      (tf, px, level, d, fill) -> {
        int size = (int) (level * 20 / 10);
        return size <= 0 ? px : PilOps.cutout(tf, px, size, d.center(), fill);
      }),
  SAMPLE_PAIRING(
      "SamplePairing",
      (tf, px, level, d, fill) -> {
        if (d.partner() == null) {
          throw new IllegalArgumentException("SamplePairing needs a partner image");
        }
        return PilOps.blend(tf, px, d.partner(), (float) (level * 0.4 / 10));
      });

  /** What an operation does to pixels at a level, with its draws and fill colour. */
  @FunctionalInterface
  private interface Impl {
    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> px, double level, Draws d, float[] fill);
  }

  private final String paperName;
  private final Impl impl;

  AutoAugmentOp(String paperName, Impl impl) {
    this.paperName = paperName;
    this.impl = impl;
  }

  /**
   * This operation at magnitude {@code level} (0-10) on pixels [H, W, C] (uint8 values as float32);
   * emptied pixels get {@code fill} (one value per channel, or one for all).
   */
  public Operand<TFloat32> apply(
      Ops tf, Operand<TFloat32> px, double level, Draws d, float[] fill) {
    return impl.apply(tf, px, level, d, fill);
  }

  /** As in the paper and its reference code: ShearX, TranslateY, AutoContrast, ... */
  public String paperName() {
    return paperName;
  }

  /** The operation named {@code name} as in the paper (case-insensitive, '-' and '_' ignored). */
  public static AutoAugmentOp byName(String name) {
    String key = normal(name);
    return Arrays.stream(values())
        .filter(op -> normal(op.paperName).equals(key))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown AutoAugment operation '"
                        + name
                        + "' (known: "
                        + String.join(
                            ", ", Arrays.stream(values()).map(AutoAugmentOp::paperName).toList())
                        + ")"));
  }

  private static String normal(String s) {
    return s.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
  }

  /** Enhance factor L * 0.18 + 0.1 as PIL receives it (a C float). */
  static float enhanceFactor(double level) {
    return (float) (level * 1.8 / 10 + 0.1);
  }

  /** 10 px at level 10 for a 32-pixel side, scaled with the side: int(L * 10 * side/32 / 10). */
  static int translation(double level, int side) {
    return (int) (level * (10.0 * side / 32) / 10);
  }

  /** Shear magnitude: 0.3 at level 10. */
  static double shear(double level) {
    return level * 0.3 / 10;
  }

  /** PIL affine coefficients: output (x, y) samples input (x + s*y, y). */
  private static double[] shearX(double s) {
    return new double[] {1, s, 0, 0, 1, 0};
  }

  private static double[] shearY(double s) {
    return new double[] {1, 0, 0, s, 1, 0};
  }

  /** Output (x, y) samples input (x + dx, y + dy): the content moves by (-dx, -dy). */
  private static double[] move(double dx, double dy) {
    return new double[] {1, 0, dx, 0, 1, dy};
  }

  /** Where each output pixel comes from, for a level, an image size and a sign. */
  private interface SourceMap {
    int[] sources(double level, int width, int height, int sign);
  }

  /** A geometric operation: both signs' maps are constants; the drawn sign picks one. */
  private static Impl geometric(SourceMap map) {
    return (tf, px, level, d, fill) -> {
      Shape s = px.shape();
      int h = (int) s.get(0);
      int w = (int) s.get(1);
      return PilOps.remap(
          tf, px, map.sources(level, w, h, 1), map.sources(level, w, h, -1), d.sign(), fill);
    };
  }
}

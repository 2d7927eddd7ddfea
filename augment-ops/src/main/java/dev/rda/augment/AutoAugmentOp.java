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
  SHEAR_X("ShearX") {
    @Override
    public Operand<TFloat32> apply(
        Ops tf, Operand<TFloat32> px, double level, Draws d, float[] fill) {
      double s = level * 0.3 / 10;
      return geometric(
          tf,
          px,
          d,
          fill,
          (w, h, sign) -> PilGeometry.affine(new double[] {1, sign * s, 0, 0, 1, 0}, w, h));
    }
  },
  SHEAR_Y("ShearY") {
    @Override
    public Operand<TFloat32> apply(
        Ops tf, Operand<TFloat32> px, double level, Draws d, float[] fill) {
      double s = level * 0.3 / 10;
      return geometric(
          tf,
          px,
          d,
          fill,
          (w, h, sign) -> PilGeometry.affine(new double[] {1, 0, 0, sign * s, 1, 0}, w, h));
    }
  },
  TRANSLATE_X("TranslateX") {
    @Override
    public Operand<TFloat32> apply(
        Ops tf, Operand<TFloat32> px, double level, Draws d, float[] fill) {
      return geometric(
          tf,
          px,
          d,
          fill,
          (w, h, sign) ->
              PilGeometry.affine(new double[] {1, 0, sign * translation(level, w), 0, 1, 0}, w, h));
    }
  },
  TRANSLATE_Y("TranslateY") {
    @Override
    public Operand<TFloat32> apply(
        Ops tf, Operand<TFloat32> px, double level, Draws d, float[] fill) {
      return geometric(
          tf,
          px,
          d,
          fill,
          (w, h, sign) ->
              PilGeometry.affine(new double[] {1, 0, 0, 0, 1, sign * translation(level, h)}, w, h));
    }
  },
  ROTATE("Rotate") {
    @Override
    public Operand<TFloat32> apply(
        Ops tf, Operand<TFloat32> px, double level, Draws d, float[] fill) {
      int degrees = (int) (level * 30 / 10);
      return geometric(tf, px, d, fill, (w, h, sign) -> PilGeometry.rotate(sign * degrees, w, h));
    }
  },
  AUTO_CONTRAST("AutoContrast") {
    @Override
    public Operand<TFloat32> apply(
        Ops tf, Operand<TFloat32> px, double level, Draws d, float[] fill) {
      return PilOps.autoContrast(tf, px);
    }
  },
  INVERT("Invert") {
    @Override
    public Operand<TFloat32> apply(
        Ops tf, Operand<TFloat32> px, double level, Draws d, float[] fill) {
      return PilOps.invert(tf, px);
    }
  },
  EQUALIZE("Equalize") {
    @Override
    public Operand<TFloat32> apply(
        Ops tf, Operand<TFloat32> px, double level, Draws d, float[] fill) {
      return PilOps.equalize(tf, px);
    }
  },
  SOLARIZE("Solarize") {
    @Override
    public Operand<TFloat32> apply(
        Ops tf, Operand<TFloat32> px, double level, Draws d, float[] fill) {
      return PilOps.solarize(tf, px, 256 - (int) (level * 256 / 10));
    }
  },
  POSTERIZE("Posterize") {
    @Override
    public Operand<TFloat32> apply(
        Ops tf, Operand<TFloat32> px, double level, Draws d, float[] fill) {
      return PilOps.posterize(tf, px, 4 - (int) (level * 4 / 10));
    }
  },
  CONTRAST("Contrast") {
    @Override
    public Operand<TFloat32> apply(
        Ops tf, Operand<TFloat32> px, double level, Draws d, float[] fill) {
      return PilOps.blend(tf, PilOps.meanGray(tf, px), px, enhanceFactor(level));
    }
  },
  COLOR("Color") {
    @Override
    public Operand<TFloat32> apply(
        Ops tf, Operand<TFloat32> px, double level, Draws d, float[] fill) {
      return PilOps.blend(tf, PilOps.grayInChannels(tf, px), px, enhanceFactor(level));
    }
  },
  BRIGHTNESS("Brightness") {
    @Override
    public Operand<TFloat32> apply(
        Ops tf, Operand<TFloat32> px, double level, Draws d, float[] fill) {
      return PilOps.blend(tf, tf.zerosLike(px), px, enhanceFactor(level));
    }
  },
  SHARPNESS("Sharpness") {
    @Override
    public Operand<TFloat32> apply(
        Ops tf, Operand<TFloat32> px, double level, Draws d, float[] fill) {
      return PilOps.blend(tf, PilOps.smooth(tf, px), px, enhanceFactor(level));
    }
  },
  CUTOUT("Cutout") {
    @Override
    public Operand<TFloat32> apply(
        Ops tf, Operand<TFloat32> px, double level, Draws d, float[] fill) {
      int size = (int) (level * 20 / 10);
      return size <= 0 ? px : PilOps.cutout(tf, px, size, d.center(), fill);
    }
  },
  SAMPLE_PAIRING("SamplePairing") {
    @Override
    public Operand<TFloat32> apply(
        Ops tf, Operand<TFloat32> px, double level, Draws d, float[] fill) {
      if (d.partner() == null) {
        throw new IllegalArgumentException("SamplePairing needs a partner image");
      }
      return PilOps.blend(tf, px, d.partner(), (float) (level * 0.4 / 10));
    }
  };

  private final String paperName;

  AutoAugmentOp(String paperName) {
    this.paperName = paperName;
  }

  /**
   * This operation at magnitude {@code level} (0-10) on pixels [H, W, C] (uint8 values as float32);
   * emptied pixels get {@code fill} (one value per channel, or one for all).
   */
  public abstract Operand<TFloat32> apply(
      Ops tf, Operand<TFloat32> px, double level, Draws d, float[] fill);

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

  private interface SourceMap {
    int[] sources(int width, int height, int sign);
  }

  private static Operand<TFloat32> geometric(
      Ops tf, Operand<TFloat32> px, Draws d, float[] fill, SourceMap map) {
    Shape s = px.shape();
    int h = (int) s.get(0);
    int w = (int) s.get(1);
    return PilOps.remap(tf, px, map.sources(w, h, 1), map.sources(w, h, -1), d.sign(), fill);
  }
}

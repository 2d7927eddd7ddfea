package dev.rda.detection;

/**
 * Faster R-CNN's box parameterisation: a box relative to a reference box (anchor or proposal) as
 * (dx, dy, dw, dh) = (wx (x - xa) / wa, wy (y - ya) / ha, ww log(w / wa), wh log(h / ha)) over
 * centres and sizes. The weights scale the targets to similar magnitudes: (1, 1, 1, 1) for the RPN,
 * (10, 10, 5, 5) for the box head (py-faster-rcnn's target stds 0.1, 0.1, 0.2, 0.2).
 */
public record BoxCoder(double wx, double wy, double ww, double wh) {
  public static final BoxCoder RPN = new BoxCoder(1, 1, 1, 1);
  public static final BoxCoder HEAD = new BoxCoder(10, 10, 5, 5);

  /** Predicted log-size changes are cut here, so a wild early prediction cannot overflow exp. */
  private static final double MAX_LOG_SCALE = Math.log(1000.0 / 16);

  public float[] encode(Box reference, Box target) {
    double wa = reference.width();
    double ha = reference.height();
    double xa = reference.x1() + 0.5 * wa;
    double ya = reference.y1() + 0.5 * ha;
    double w = target.width();
    double h = target.height();
    double x = target.x1() + 0.5 * w;
    double y = target.y1() + 0.5 * h;
    return new float[] {
      (float) (wx * (x - xa) / wa),
      (float) (wy * (y - ya) / ha),
      (float) (ww * Math.log(w / wa)),
      (float) (wh * Math.log(h / ha))
    };
  }

  /** The box {@code deltas[offset .. offset + 3]} describe relative to {@code reference}. */
  public Box decode(Box reference, float[] deltas, int offset) {
    double wa = reference.width();
    double ha = reference.height();
    double xa = reference.x1() + 0.5 * wa;
    double ya = reference.y1() + 0.5 * ha;
    double x = xa + deltas[offset] / wx * wa;
    double y = ya + deltas[offset + 1] / wy * ha;
    double w = wa * Math.exp(Math.min(deltas[offset + 2] / ww, MAX_LOG_SCALE));
    double h = ha * Math.exp(Math.min(deltas[offset + 3] / wh, MAX_LOG_SCALE));
    return new Box(x - 0.5 * w, y - 0.5 * h, x + 0.5 * w, y + 0.5 * h);
  }
}

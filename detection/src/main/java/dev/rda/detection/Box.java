package dev.rda.detection;

/**
 * An axis-aligned box in continuous pixel coordinates: {@code x1, y1} its top-left corner, {@code
 * x2, y2} its bottom-right one, so a box covering pixels 0..9 is [0, 10). PascalVOC's inclusive
 * 1-based corners (xmin..xmax) become [xmin - 1, xmax), which makes IoU here equal to the VOC
 * devkit's "+1" IoU on integer boxes.
 */
public record Box(double x1, double y1, double x2, double y2) {

  public double width() {
    return x2 - x1;
  }

  public double height() {
    return y2 - y1;
  }

  public double area() {
    return Math.max(0, width()) * Math.max(0, height());
  }

  /** Intersection over union; 0 for boxes that do not overlap or have no area. */
  public double iou(Box o) {
    double w = Math.min(x2, o.x2) - Math.max(x1, o.x1);
    double h = Math.min(y2, o.y2) - Math.max(y1, o.y1);
    if (w <= 0 || h <= 0) {
      return 0;
    }
    double inter = w * h;
    return inter / (area() + o.area() - inter);
  }

  /** This box cut to [0, width) x [0, height). */
  public Box clip(double width, double height) {
    return new Box(
        Math.min(Math.max(x1, 0), width),
        Math.min(Math.max(y1, 0), height),
        Math.min(Math.max(x2, 0), width),
        Math.min(Math.max(y2, 0), height));
  }

  public Box scale(double factor) {
    return new Box(x1 * factor, y1 * factor, x2 * factor, y2 * factor);
  }

  /** Mirrored left-right inside an image {@code width} wide. */
  public Box flip(double width) {
    return new Box(width - x2, y1, width - x1, y2);
  }
}

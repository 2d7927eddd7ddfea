package dev.rda.detection;

import dev.rda.core.BadInputException;
import java.util.Arrays;
import java.util.Locale;

/** How the detector reads the backbone (see {@link DetectionConfig}'s {@code layout}). */
public enum DetectorLayout {
  /** A feature pyramid, the RPN on every level, RoIAlign on the level the FPN rule picks. */
  FPN,
  /** One map of stride 16 for the RPN and RoIAlign; the backbone's last stage runs on each RoI. */
  C4,
  /** One map for the RPN and RoI pooling, two fully connected layers: the small option for CPUs. */
  SINGLE;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DetectorLayout of(String id) {
    for (DetectorLayout l : values()) {
      if (l.id().equals(id)) {
        return l;
      }
    }
    throw new BadInputException(
        "layout",
        id,
        "is not a detector layout " + Arrays.stream(values()).map(DetectorLayout::id).toList());
  }
}

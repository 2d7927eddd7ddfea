package dev.rda.detection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The anchors of every level the RPN reads, level after level (the order of its concatenated
 * outputs); level l's are {@code boxes[starts[l] .. starts[l + 1])}.
 */
public record AnchorLevels(Box[] boxes, int[] starts) {
  public int levels() {
    return starts.length - 1;
  }

  /**
   * Anchors for maps of {@code cells[l] = {height, width}} at {@code strides[l]}, of sizes {@code
   * sizes.get(l)} and {@code ratios} on every level.
   */
  public static AnchorLevels of(
      int[][] cells, int[] strides, List<List<Integer>> sizes, List<Double> ratios) {
    List<Box> all = new ArrayList<>();
    int[] starts = new int[cells.length + 1];
    for (int l = 0; l < cells.length; l++) {
      starts[l] = all.size();
      all.addAll(
          Arrays.asList(Anchors.grid(cells[l][0], cells[l][1], strides[l], sizes.get(l), ratios)));
    }
    starts[cells.length] = all.size();
    return new AnchorLevels(all.toArray(Box[]::new), starts);
  }
}

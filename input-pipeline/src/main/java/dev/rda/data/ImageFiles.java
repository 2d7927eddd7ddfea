package dev.rda.data;

import dev.rda.core.BadInputException;

/**
 * A labelled split of image files (JPEG or PNG), decoded in the graph as they are read: only the
 * paths and labels are held in memory, whatever the size of the set.
 */
public record ImageFiles(String[] paths, int[] labels, int classes) implements Images {

  public ImageFiles {
    if (paths.length != labels.length) {
      throw new IllegalArgumentException(paths.length + " paths for " + labels.length + " labels");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new BadInputException(
            "label " + labels[i] + " of " + paths[i] + " is outside 0.." + (classes - 1));
      }
    }
  }

  @Override
  public int size() {
    return paths.length;
  }

  @Override
  public ImageFiles select(int[] indices) {
    String[] p = new String[indices.length];
    int[] l = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      p[i] = paths[indices[i]];
      l[i] = labels[indices[i]];
    }
    return new ImageFiles(p, l, classes);
  }
}

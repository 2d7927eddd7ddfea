package dev.rda.data;

import java.util.Random;

/**
 * A labelled image set held in memory: uint8 pixels in NHWC order and integer labels in [0,
 * classes). Small sets (Fashion-MNIST, CIFAR) live like this; the pipeline feeds them to tf.data
 * once per iterator initialisation.
 */
public record ImageSet(
    byte[] pixels, int[] labels, int height, int width, int channels, int classes)
    implements Images {

  public ImageSet {
    long expected = (long) labels.length * height * width * channels;
    if (pixels.length != expected) {
      throw new IllegalArgumentException(
          "pixel count "
              + pixels.length
              + " does not match "
              + labels.length
              + " images of "
              + height
              + "x"
              + width
              + "x"
              + channels);
    }
  }

  /** {@code n} images of uniform random pixels and labels: the benchmarks' workload. */
  public static ImageSet random(
      int n, int height, int width, int channels, int classes, long seed) {
    Random r = new Random(seed);
    byte[] pixels = new byte[Math.multiplyExact(n, height * width * channels)];
    r.nextBytes(pixels);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = r.nextInt(classes);
    }
    return new ImageSet(pixels, labels, height, width, channels, classes);
  }

  @Override
  public int size() {
    return labels.length;
  }

  public int imageBytes() {
    return height * width * channels;
  }

  @Override
  public ImageSet select(int[] indices) {
    int bytes = imageBytes();
    byte[] p = new byte[indices.length * bytes];
    int[] l = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(pixels, indices[i] * bytes, p, i * bytes, bytes);
      l[i] = labels[indices[i]];
    }
    return new ImageSet(p, l, height, width, channels, classes);
  }

  @Override
  public ImageSet randomSubset(int n, long seed) {
    return (ImageSet) Images.super.randomSubset(n, seed);
  }

  /** Per-channel mean and standard deviation of the pixels scaled to [0, 1]. */
  public Normalization statistics() {
    Normalization.Sums sums = new Normalization.Sums(channels);
    sums.add(pixels);
    return sums.result();
  }

  static int[] permutation(int n, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}

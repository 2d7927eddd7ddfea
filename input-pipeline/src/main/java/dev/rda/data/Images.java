package dev.rda.data;

import java.util.Arrays;

/**
 * A labelled split: images held in memory ({@link ImageSet}: Fashion-MNIST, CIFAR) or image files
 * decoded as they stream through the pipeline ({@link ImageFiles}: Tiny-ImageNet, ImageNet,
 * folders).
 */
public sealed interface Images permits ImageSet, ImageFiles {
  int size();

  /** Labels in [0, classes), one per image. */
  int[] labels();

  int classes();

  /** The images at {@code indices}, in that order. */
  Images select(int[] indices);

  /**
   * A fixed random subset of {@code n} images (all of them, reordered, if n >= size): the same seed
   * always picks the same images, whatever else the run does.
   */
  default Images randomSubset(int n, long seed) {
    return select(Arrays.copyOf(ImageSet.permutation(size(), seed), Math.min(n, size())));
  }

  /** These images split in two: {@code kept} in their order, and {@code heldOut}. */
  record Split(Images kept, Images heldOut) {}

  /**
   * {@code n} images chosen at random with {@code seed} held out, the others kept in their order
   * (so a kept image's position among the kept ones does not depend on which were held out before
   * it, only on its own order).
   */
  default Split holdOut(int n, long seed) {
    int[] order = ImageSet.permutation(size(), seed);
    int k = Math.min(n, size());
    int[] held = Arrays.copyOf(order, k);
    int[] kept = Arrays.stream(Arrays.copyOfRange(order, k, order.length)).sorted().toArray();
    return new Split(select(kept), select(held));
  }
}

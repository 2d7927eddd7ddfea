package dev.rda.data;

/** The static shape of a dataset's images and its number of classes. */
public record ImageSpec(int height, int width, int channels, int classes) {

  public static ImageSpec of(ImageSet set) {
    return new ImageSpec(set.height(), set.width(), set.channels(), set.classes());
  }
}

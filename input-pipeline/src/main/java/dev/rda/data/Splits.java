package dev.rda.data;

/** A dataset's training and test images. */
public record Splits(ImageSet train, ImageSet test) {}

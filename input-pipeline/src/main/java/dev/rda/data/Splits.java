package dev.rda.data;

/** A dataset's training and test images, as its reader found them. */
public record Splits<T extends Images>(T train, T test) {}

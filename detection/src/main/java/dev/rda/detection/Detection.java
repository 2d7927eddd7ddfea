package dev.rda.detection;

/** One detected object: in image {@code image} (an index), class {@code label}, with a score. */
public record Detection(int image, int label, Box box, float score) {}

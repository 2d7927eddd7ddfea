package dev.rda.data;

/** Per-channel mean and standard deviation applied to pixels in [0, 1]: (x - mean) / std. */
public record Normalization(float[] mean, float[] std) {}

package dev.rda.augment;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** A batch as the pipeline carries it: images [B, H, W, C] and soft labels [B, classes]. */
public record Batch(Operand<TFloat32> images, Operand<TFloat32> labels) {}

package dev.rda.models;

/**
 * Which graph path a forward pass builds: BatchNorm uses batch statistics in TRAIN, moving averages
 * in EVAL.
 */
public enum Mode {
  TRAIN,
  EVAL
}

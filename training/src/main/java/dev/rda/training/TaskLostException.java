package dev.rda.training;

/** A task of a training cluster stopped answering: the message names it, in one line. */
public final class TaskLostException extends RuntimeException {
  public TaskLostException(String message) {
    super(message);
  }
}

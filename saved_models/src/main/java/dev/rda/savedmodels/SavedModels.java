package dev.rda.savedmodels;

import dev.rda.core.BadInputException;
import dev.rda.training.VariableFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.SavedModelBundle;

/** Opens a SavedModel for reading; a missing or damaged one is one line naming its file. */
public final class SavedModels {
  private SavedModels() {}

  public static SavedModelBundle load(Path dir) {
    Path graph = dir.resolve("saved_model.pb");
    if (!Files.exists(graph)) {
      throw new BadInputException(dir + ": not a SavedModel (no saved_model.pb)");
    }
    // Without an index TensorFlow loads the graph and leaves every variable uninitialised.
    Path index = dir.resolve("variables").resolve("variables.index");
    if (!Files.exists(index)) {
      throw new BadInputException(index, "missing");
    }
    try {
      return SavedModelBundle.load(dir.toString(), "serve");
    } catch (RuntimeException e) {
      if (!VariableFiles.fromTensorFlow(e)) {
        throw e;
      }
      String reason = e.getMessage() == null ? "" : e.getMessage();
      if (reason.contains("saved_model.pb") || reason.contains("SavedModel")) {
        throw new BadInputException(
            graph, "damaged (" + reason.lines().findFirst().orElse("") + ")");
      }
      throw VariableFiles.damaged(dir.resolve("variables").resolve("variables"), e);
    }
  }
}

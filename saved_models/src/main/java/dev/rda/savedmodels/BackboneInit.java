package dev.rda.savedmodels;

import dev.rda.core.BadInputException;
import dev.rda.training.Training;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Network weights from an exported SavedModel, by variable name: every given variable is matched to
 * the SavedModel's variable of the same name and shape; variables matching {@code skip} (e.g. a
 * classifier head for other classes) keep their fresh initialisation. Anything else that does not
 * match is an error listing it. Used to start a classifier run from an export ({@link #apply}) and
 * by detection training for its backbone.
 */
public final class BackboneInit {
  private BackboneInit() {}

  /** What was copied and what was left as initialised. */
  public record Report(int copied, int skipped, int unused) {}

  /**
   * Starts a new run from {@code savedModel}'s weights, in the run's own graph (its epoch-0
   * checkpoint); {@code copied} hears what was copied.
   */
  public static Training.FreshStart start(
      Path savedModel, Pattern skip, Consumer<Report> copied) {
    return graph -> copied.accept(copy(savedModel, graph.modelVariables(), skip, graph::assign));
  }

  /**
   * Reads from {@code savedModel} the value of every variable of {@code targets} not matching
   * {@code skip} and hands them, by name, to {@code assign} (valid only during that call).
   */
  public static Report copy(
      Path savedModel,
      List<Variable<TFloat32>> targets,
      Pattern skip,
      Consumer<Map<String, TFloat32>> assign) {
    try (SavedModelBundle bundle = SavedModels.load(savedModel)) {
      Map<String, GraphOperation> available = new HashMap<>();
      for (Iterator<GraphOperation> it = bundle.graph().operations(); it.hasNext(); ) {
        GraphOperation op = it.next();
        if (op.type().equals("VariableV2")) {
          available.put(op.name(), op);
        }
      }
      List<String> problems = new ArrayList<>();
      List<Variable<TFloat32>> wanted = new ArrayList<>();
      int skipped = 0;
      for (Variable<TFloat32> v : targets) {
        String name = v.op().name();
        GraphOperation source = available.get(name);
        if (skip != null && skip.matcher(name).find()) {
          skipped++;
        } else if (source == null) {
          problems.add(name + " (missing)");
        } else if (!source.output(0).shape().equals(v.shape())) {
          problems.add(name + " (" + source.output(0).shape() + " there, " + v.shape() + " here)");
        } else {
          wanted.add(v);
        }
      }
      if (!problems.isEmpty()) {
        throw new BadInputException(
            savedModel
                + ": "
                + problems.size()
                + " variables do not match, e.g. "
                + String.join(", ", problems.subList(0, Math.min(4, problems.size())))
                + " (--init-skip REGEX leaves variables as initialised)");
      }
      Session.Runner runner = bundle.session().runner();
      wanted.forEach(v -> runner.fetch(v.op().name()));
      try (Result values = runner.run()) {
        Map<String, TFloat32> byName = new HashMap<>();
        for (int i = 0; i < wanted.size(); i++) {
          byName.put(wanted.get(i).op().name(), (TFloat32) values.get(i));
        }
        assign.accept(byName);
      }
      return new Report(wanted.size(), skipped, available.size() - wanted.size());
    }
  }
}

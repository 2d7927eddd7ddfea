package org.tensorflow;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * The names of a graph's ops at one moment, to tell the ops built after it (e.g. a backward pass).
 */
public final class OpNames {
  private OpNames() {}

  public static Set<String> of(Graph graph) {
    Set<String> out = new HashSet<>();
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      out.add(it.next().name());
    }
    return out;
  }
}

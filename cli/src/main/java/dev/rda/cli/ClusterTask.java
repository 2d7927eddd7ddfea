package dev.rda.cli;

import dev.rda.training.Cluster;
import org.tensorflow.Server;

/**
 * A task of a training cluster: TensorFlow's gRPC server for it. The chief starts its own and then
 * trains; any other task only serves, until the chief has come and gone (TensorFlow cannot stop a
 * server cleanly, so the task's process ends).
 */
final class ClusterTask {
  private static final long PROBE_MILLIS = 1000;

  /** Servers live as long as their process: held here so nothing ever collects one. */
  private static final java.util.List<Server> RUNNING = new java.util.ArrayList<>();

  private ClusterTask() {}

  static Server start(Cluster cluster, int index) {
    Server server = new Server(cluster.serverDef(index));
    server.start();
    synchronized (RUNNING) {
      RUNNING.add(server);
    }
    return server;
  }

  /** Serves task {@code index} until the chief, once seen, stops answering. */
  static int serve(Cluster cluster, int index) {
    start(cluster, index);
    System.out.println(
        "serving " + cluster.name(index) + " for the chief " + cluster.name(0) + "; Ctrl-C stops");
    boolean seen = false;
    int missed = 0;
    while (true) {
      try {
        Thread.sleep(PROBE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 1;
      }
      if (cluster.reachable(0)) {
        seen = true;
        missed = 0;
      } else if (seen && ++missed >= 3) {
        System.out.println("the chief has stopped; " + cluster.name(index) + " stops too");
        return 0;
      }
    }
  }
}

package dev.rda.training;

import dev.rda.core.BadInputException;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.DeviceSpec;

/**
 * How a training step is spread: data-parallel replicas of the network, each on its device with its
 * slice of the global batch; the mean of their losses is differentiated once and applied in one
 * update. BatchNorm uses each replica's own slice statistics (as the paper's multi-GPU runs did)
 * unless {@code syncBatchNorm}, which normalises with the global batch's. One replica is the plain
 * single-device step.
 *
 * @param devices one device per replica, e.g. {@code /device:CPU:1} or {@code
 *     /job:worker/task:1/device:CPU:0}
 * @param cpuDevices how many CPU devices the session must offer (replicas on CPU devices of this
 *     process), or 0 to leave TensorFlow's default of one
 * @param cluster the cluster whose tasks hold the replicas, or null in one process
 */
public record Replication(
    List<DeviceSpec> devices, boolean syncBatchNorm, int cpuDevices, Cluster cluster) {
  public static final Replication SINGLE = new Replication(List.of(), false, 0, null);

  /** Replicas on the first {@code n} devices of {@code type} in this process. */
  public static Replication local(int n, DeviceSpec.DeviceType type, boolean syncBatchNorm) {
    if (n < 1) {
      throw new BadInputException("--replicas", n, "must be at least 1");
    }
    if (n == 1 && !syncBatchNorm) {
      return SINGLE;
    }
    List<DeviceSpec> devices = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      devices.add(DeviceSpec.newBuilder().deviceType(type).deviceIndex(i).build());
    }
    return new Replication(
        List.copyOf(devices), syncBatchNorm, type == DeviceSpec.DeviceType.CPU ? n : 0, null);
  }

  /** One replica per task of {@code cluster}, on its CPU; the session goes through the chief. */
  public static Replication of(Cluster cluster, boolean syncBatchNorm) {
    List<DeviceSpec> devices = new ArrayList<>();
    for (int i = 0; i < cluster.workers().size(); i++) {
      devices.add(cluster.device(i));
    }
    return new Replication(List.copyOf(devices), syncBatchNorm, 0, cluster);
  }

  public int replicas() {
    return Math.max(1, devices.size());
  }

  public boolean isReplicated() {
    return !devices.isEmpty();
  }

  /** Checks that every replica gets an equal slice of a {@code batchSize} batch. */
  public void checkBatch(int batchSize) {
    if (batchSize % replicas() != 0) {
      throw new BadInputException(
          "batchSize", batchSize, "must divide evenly over the " + replicas() + " replicas");
    }
  }

  /**
   * A session for {@code graph}, computing in {@code precision} where this machine can: in this
   * process, or through the cluster's chief.
   */
  public org.tensorflow.Session session(
      org.tensorflow.Graph graph, int threads, dev.rda.core.Precision precision) {
    org.tensorflow.proto.ConfigProto options =
        dev.rda.core.SessionOptions.of(threads, cpuDevices, precision);
    return cluster == null
        ? new org.tensorflow.Session(graph, options)
        : org.tensorflow.RemoteSessions.open(graph, cluster.target(), options);
  }

  /**
   * {@code failure} as the one-line error naming the cluster's tasks that no longer answer, or
   * {@code failure} itself when all do (or there is no cluster).
   */
  public RuntimeException lostTask(RuntimeException failure) {
    if (cluster == null || failure instanceof TaskLostException) {
      return failure;
    }
    List<Integer> lost = cluster.unreachable();
    // A task killed a moment ago may still accept connections while its process is torn down
    // (seen here under load): when the failure is gRPC's "unavailable", look again for 2 s.
    String message = String.valueOf(failure.getMessage());
    boolean transport =
        message.contains("\"grpc_status\":14")
            || message.contains("Socket closed")
            || message.contains("Connection reset");
    for (int retry = 0; lost.isEmpty() && transport && retry < 20; retry++) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      lost = cluster.unreachable();
    }
    if (lost.isEmpty()) {
      return failure;
    }
    String text = String.valueOf(failure.getMessage()).replaceAll("\\s+", " ").strip();
    return new TaskLostException(
        "lost task "
            + String.join(", ", lost.stream().map(cluster::name).toList())
            + " ("
            + (text.length() <= 120 ? text : text.substring(0, 117) + "...")
            + "); the run resumes from its last checkpoint with --resume");
  }

  public String describe() {
    if (!isReplicated()) {
      return "one device";
    }
    return replicas()
        + " replicas on "
        + devices.stream().map(DeviceSpec::toString).toList()
        + (syncBatchNorm ? ", synchronised BatchNorm" : ", BatchNorm per replica");
  }
}

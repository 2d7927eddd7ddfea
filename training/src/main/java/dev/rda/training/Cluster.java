package dev.rda.training;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rda.core.BadInputException;
import dev.rda.core.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.DeviceSpec;
import org.tensorflow.proto.ClusterDef;
import org.tensorflow.proto.JobDef;
import org.tensorflow.proto.ServerDef;

/**
 * A TensorFlow cluster as TensorFlow describes one: jobs mapped to task addresses, {@code
 * {"worker": ["host0:2222", "host1:2222"]}} (or the same under {@code "cluster"}, as in {@code
 * TF_CONFIG}). Training uses job {@code worker}; task 0 is the chief, which builds the graph, holds
 * the variables and writes the run directory.
 */
public record Cluster(List<String> workers) {
  public static final String JOB = "worker";

  public Cluster {
    workers = List.copyOf(workers);
  }

  public static Cluster read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(file + ": cluster file not found");
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new BadInputException(
          file + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
    JsonNode jobs = root.has("cluster") ? root.get("cluster") : root;
    JsonNode tasks = jobs.get(JOB);
    if (tasks == null || !tasks.isArray() || tasks.isEmpty()) {
      throw new BadInputException(
          file
              + ": needs a \""
              + JOB
              + "\" job listing task addresses, e.g. {\"worker\":"
              + " [\"host0:2222\", \"host1:2222\"]}");
    }
    List<String> workers = new ArrayList<>();
    for (JsonNode t : tasks) {
      String address = t.asText();
      if (!address.matches("[^:\\s]+:\\d+")) {
        throw new BadInputException(file + ": task address '" + address + "' is not host:port");
      }
      workers.add(address);
    }
    return new Cluster(workers);
  }

  /** The task index of {@code worker:I}. */
  public int task(String name) {
    String[] parts = name.split(":");
    int index;
    try {
      index = parts.length == 2 && parts[0].equals(JOB) ? Integer.parseInt(parts[1]) : -1;
    } catch (NumberFormatException e) {
      index = -1;
    }
    if (index < 0 || index >= workers.size()) {
      throw new BadInputException(
          "--task", name, "must be worker:I with I in 0.." + (workers.size() - 1));
    }
    return index;
  }

  /** What TensorFlow's gRPC server of task {@code index} is started with. */
  public ServerDef serverDef(int index) {
    JobDef.Builder job = JobDef.newBuilder().setName(JOB);
    for (int i = 0; i < workers.size(); i++) {
      job.putTasks(i, workers.get(i));
    }
    return ServerDef.newBuilder()
        .setCluster(ClusterDef.newBuilder().addJob(job))
        .setJobName(JOB)
        .setTaskIndex(index)
        .setProtocol("grpc")
        .build();
  }

  /** The chief's master, which sessions connect to. */
  public String target() {
    return "grpc://" + workers.get(0);
  }

  public DeviceSpec device(int task) {
    return DeviceSpec.newBuilder()
        .job(JOB)
        .replica(0)
        .task(task)
        .deviceType(DeviceSpec.DeviceType.CPU)
        .deviceIndex(0)
        .build();
  }

  public String name(int task) {
    return JOB + ":" + task + " (" + workers.get(task) + ")";
  }

  /** Tasks whose address accepts no connection now. */
  public List<Integer> unreachable() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < workers.size(); i++) {
      if (!reachable(i)) {
        out.add(i);
      }
    }
    return out;
  }

  public boolean reachable(int task) {
    String[] hostPort = workers.get(task).split(":");
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}

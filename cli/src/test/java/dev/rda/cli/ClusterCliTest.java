package dev.rda.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.data.FashionMnistTest;
import dev.rda.models.Network;
import dev.rda.training.Differences;
import dev.rda.training.RunDirectory;
import dev.rda.training.TrainingData;
import dev.rda.training.VariableValues;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A two-task cluster on loopback ports: task 1 runs in its own process, the chief in this one. Its
 * training equals the same training on two CPU devices of one process; killing task 1 mid-run stops
 * the chief with one line, and the run resumes without it.
 */
class ClusterCliTest {
  @TempDir Path tmp;
  private Process worker;
  private Path data;

  @BeforeEach
  void fakeData() throws IOException {
    data = Files.createDirectories(tmp.resolve("fmnist"));
    FashionMnistTest.writeFake(data, 64, 20, 12, 12, true);
  }

  /**
   * Training flags under which two layouts train alike: no random augmentation, a small LR (a tiny
   * network at LR 0.1 is chaotic enough to turn float summation order into visible differences
   * within a few steps), BatchNorm statistics over the whole batch.
   */
  private static final String[] ALIKE = {
    "--lr", "0.01", "--sync-bn", "--set", "augment.standard=[]"
  };

  /** A tiny fmnist-standard run as the chief of {@code cluster}, with {@code flags}. */
  private Cli.Outcome chief(Path cluster, Path run, String... flags) {
    return Cli.rda(
        Cli.tinyTrain(
            "fmnist-standard",
            data,
            run,
            concat(flags, "--cluster", cluster.toString(), "--task", "worker:0")));
  }

  /** The same run on {@code replicas} CPU devices of this process. */
  private Cli.Outcome local(int replicas, Path run, String... flags) {
    return Cli.rda(
        Cli.tinyTrain(
            "fmnist-standard", data, run, concat(flags, "--replicas", Integer.toString(replicas))));
  }

  @AfterEach
  void stopWorker() {
    if (worker != null) {
      worker.destroyForcibly();
    }
  }

  private Path cluster(String name) throws IOException {
    Path file = tmp.resolve(name);
    Files.writeString(
        file, "{\"worker\": [\"localhost:" + freePort() + "\", \"localhost:" + freePort() + "\"]}");
    return file;
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Every network variable of a run's latest checkpoint, flattened in creation order. */
  private static float[] weights(Path run) {
    RunDirectory dir = RunDirectory.open(run);
    return variables(dir, dir.prefix(dir.latestCheckpoint().orElseThrow()));
  }

  /** The same network's initial variables. */
  private static float[] initial(Path run) {
    return variables(RunDirectory.open(run), null);
  }

  private static float[] variables(RunDirectory dir, String prefix) {
    TrainingData data = Runs.data(dir);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Network net = dir.config().network(tf, data.spec());
      List<Variable<TFloat32>> all = new ArrayList<>(net.parameters().trainable());
      all.addAll(net.parameters().state());
      try (Session s = new Session(g)) {
        if (prefix == null) {
          s.initialize();
        } else {
          s.restore(prefix);
        }
        return VariableValues.read(s, all);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Task 1 of {@code cluster} in a new JVM, as a user starts it on another machine. */
  private Process startWorker(Path cluster) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            Rda.class.getName(),
            "train",
            "--cluster",
            cluster.toString(),
            "--task",
            "worker:1");
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    pb.redirectErrorStream(true).redirectOutput(tmp.resolve("worker.log").toFile());
    return pb.start();
  }

  @Test
  void aTwoTaskClusterTrainsAsTwoLocalReplicasAndSurvivesALostTask() throws Exception {
    Path file = cluster("cluster.json");
    worker = startWorker(file);

    // The second epoch is a refinement phase: the cluster's readers swap datasets as one does.
    String[] same =
        concat(ALIKE, "--epochs", "2", "--refine-epochs", "1", "--set", "optimizer.refineLr=0.001");
    Path clustered = tmp.resolve("clustered");
    Cli.Outcome chief = chief(file, clustered, same);
    assertEquals(0, chief.code(), chief.err());
    assertTrue(chief.out().contains("/job:worker/replica:0/task:1/device:CPU:0"), chief.out());
    List<dev.rda.training.EpochMetrics> phases = RunDirectory.open(clustered).metrics();
    assertEquals("refine", phases.get(1).phase());
    assertEquals(0.001, phases.get(1).lr(), 1e-12);
    // (The chief's server lives as long as this JVM, so task 1 would wait for it: stop it here.)
    worker.destroyForcibly();
    worker.waitFor(30, TimeUnit.SECONDS);

    Path local = tmp.resolve("local");
    Cli.Outcome two = local(2, local, same);
    assertEquals(0, two.code(), two.err());
    Path single = tmp.resolve("single");
    Cli.Outcome one = local(1, single, same);
    assertEquals(0, one.code(), one.err());
    float[] w1 = weights(single);
    double vsTwo = Differences.max(weights(local), weights(clustered));
    double vsOne = Differences.max(w1, weights(clustered));
    System.out.printf(
        "two-task cluster after 8 steps: max |weight difference| %.2e vs two local replicas,"
            + " %.2e vs one device, over %d values%n",
        vsTwo, vsOne, w1.length);
    // Two replicas either way sum in the same order: equal but for float noise. One device sums
    // in another order, which alone moves this tiny network's early weights by up to ~5e-4 a
    // step (reversing one device's batch does as much: see ReplicationTest).
    assertTrue(vsTwo < 1e-4, "vs two local replicas: " + vsTwo);
    assertTrue(vsOne < 5e-3, "vs one device: " + vsOne);
    assertTrue(Differences.max(w1, initial(single)) > 1e-3, "the weights moved");

    // Kill task 1 once a first checkpoint is written: the chief stops with one line naming it.
    Path second = cluster("second.json");
    worker = startWorker(second);
    Path killed = tmp.resolve("killed");
    Thread killer =
        new Thread(
            () -> {
              Path metrics = killed.resolve("checkpoints/latest.json");
              while (!Files.exists(metrics)) {
                try {
                  Thread.sleep(50);
                } catch (InterruptedException e) {
                  return;
                }
              }
              worker.destroyForcibly();
            });
    killer.start();
    Cli.Outcome lost =
        Cli.rda(
            Cli.tinyTrain(
                "fmnist-mixup-refine",
                data,
                killed,
                "--epochs",
                "30",
                "--refine-epochs",
                "5",
                "--cluster",
                second.toString(),
                "--task",
                "worker:0",
                "--sync-bn"));
    killer.join();
    assertEquals(1, lost.code(), lost.out() + lost.err());
    assertTrue(lost.err().startsWith("rda: lost task worker:1 (localhost:"), lost.err());
    assertEquals(1, lost.err().strip().lines().count(), lost.err());
    int done = RunDirectory.open(killed).completedEpochs();
    assertTrue(done >= 1 && done < 30, "checkpoint after epoch " + done);

    // The run continues in one process, on two CPU devices instead of two tasks.
    String[] resume = {
      "train",
      "--resume",
      killed.toString(),
      "--replicas",
      "2",
      "--sync-bn",
      "--threads",
      "1",
      "--no-progress"
    };
    Cli.Outcome resumed = Cli.rda(concat(resume, "--set", "epochs=0"));
    assertEquals(2, resumed.code()); // config flags are refused on resume ...
    resumed = Cli.rda(resume);
    assertEquals(0, resumed.code(), resumed.err()); // ... the device layout is not
    assertTrue(resumed.out().contains("resuming after epoch " + done), resumed.out());
    // ... through the phase swap to refinement, as in one process.
    List<dev.rda.training.EpochMetrics> m = RunDirectory.open(killed).metrics();
    assertEquals(30, m.size());
    assertEquals("intensive", m.get(24).phase());
    assertEquals("refine", m.get(25).phase());
    assertEquals(0.0, m.get(29).strength());
  }

  @Test
  void refineAutoSwitchesInAClusterAsOnTwoLocalReplicas() throws Exception {
    Path file = cluster("auto.json");
    worker = startWorker(file);
    // The chief decides on the held-out images it evaluates; minDelta 10 makes the rule fire
    // after epoch 2 of at most 3 intensive ones, whatever the float noise.
    String[] auto =
        concat(
            ALIKE,
            "--epochs",
            "4",
            "--refine-epochs",
            "1",
            "--refine",
            "auto",
            "--set",
            "autoRefine={\"patience\": 1, \"minDelta\": 10}");
    Path clustered = tmp.resolve("clustered");
    Cli.Outcome chief = chief(file, clustered, auto);
    assertEquals(0, chief.code(), chief.err());
    assertTrue(chief.out().contains("refine: auto switches after epoch 2"), chief.out());
    worker.destroyForcibly();
    worker.waitFor(30, TimeUnit.SECONDS);
    Path local = tmp.resolve("local");
    Cli.Outcome two = local(2, local, auto);
    assertEquals(0, two.code(), two.err());
    for (Path run : List.of(clustered, local)) {
      List<dev.rda.training.EpochMetrics> m = RunDirectory.open(run).metrics();
      assertEquals(
          List.of("intensive", "intensive", "refine"),
          m.stream().map(dev.rda.training.EpochMetrics::phase).toList(),
          run.toString());
      assertTrue(Files.exists(run.resolve("refine.json")), run.toString());
    }
    double a = RunDirectory.open(clustered).metrics().get(1).heldOutLoss();
    double b = RunDirectory.open(local).metrics().get(1).heldOutLoss();
    assertEquals(a, b, 1e-4, "the held-out loss the rule read, cluster vs two local replicas");
  }
}

package dev.rda.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rda.data.FashionMnistTest;
import dev.rda.training.EpochMetrics;
import dev.rda.training.RunDirectory;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-task cluster on loopback ports: task 1 runs in its own process, the chief in this one. Its
 * training equals the same training on two CPU devices of one process; killing task 1 mid-run stops
 * the chief with one line, and the run resumes without it.
 */
class ClusterCliTest {
  @TempDir Path tmp;
  private Process worker;

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
    Path data = Files.createDirectories(tmp.resolve("fmnist"));
    FashionMnistTest.writeFake(data, 64, 20, 12, 12, true);
    Path file = cluster("cluster.json");
    worker = startWorker(file);

    Path clustered = tmp.resolve("clustered");
    Cli.Outcome chief =
        Cli.rda(
            Cli.tinyTrain(
                "fmnist-standard",
                data,
                clustered,
                "--epochs",
                "2",
                "--cluster",
                file.toString(),
                "--task",
                "worker:0",
                "--sync-bn"));
    assertEquals(0, chief.code(), chief.err());
    assertTrue(chief.out().contains("/job:worker/replica:0/task:1/device:CPU:0"), chief.out());
    // (The chief's server lives as long as this JVM, so task 1 would wait for it: stop it here.)
    worker.destroyForcibly();
    worker.waitFor(30, TimeUnit.SECONDS);

    Path local = tmp.resolve("local");
    Cli.Outcome single =
        Cli.rda(
            Cli.tinyTrain(
                "fmnist-standard", data, local, "--epochs", "2", "--replicas", "2", "--sync-bn"));
    assertEquals(0, single.code(), single.err());
    List<EpochMetrics> a = RunDirectory.open(clustered).metrics();
    List<EpochMetrics> b = RunDirectory.open(local).metrics();
    for (int e = 0; e < 2; e++) {
      assertEquals(b.get(e).trainLossAugmented(), a.get(e).trainLossAugmented(), 1e-5);
      assertEquals(b.get(e).testLoss(), a.get(e).testLoss(), 1e-5);
      assertEquals(b.get(e).testTop1(), a.get(e).testTop1(), 1e-9);
    }

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
                "fmnist-standard",
                data,
                killed,
                "--epochs",
                "30",
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
    Cli.Outcome resumed =
        Cli.rda(
            "train",
            "--resume",
            killed.toString(),
            "--replicas",
            "2",
            "--sync-bn",
            "--threads",
            "1",
            "--no-progress",
            "--set",
            "epochs=0");
    assertEquals(2, resumed.code()); // config flags are refused on resume ...
    resumed =
        Cli.rda(
            "train",
            "--resume",
            killed.toString(),
            "--replicas",
            "2",
            "--sync-bn",
            "--threads",
            "1",
            "--no-progress");
    assertEquals(0, resumed.code(), resumed.err()); // ... the device layout is not
    assertTrue(resumed.out().contains("resuming after epoch " + done), resumed.out());
    assertEquals(30, RunDirectory.open(killed).metrics().size());
  }
}

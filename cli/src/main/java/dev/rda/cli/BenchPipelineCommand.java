package dev.rda.cli;

import static dev.rda.cli.Flags.require;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rda.bench.PeerScript;
import dev.rda.bench.PipelineTimer;
import dev.rda.bench.PipelineTimer.Workload;
import dev.rda.bench.ProcessMemory;
import dev.rda.data.Dataset;
import dev.rda.data.Datasets;
import dev.rda.data.ImageSet;
import dev.rda.data.ImageSpec;
import dev.rda.data.Images;
import dev.rda.data.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rda bench pipeline}: images/s of the tf.data input pipeline alone (no model), every batch
 * fetched to Java as a training step would consume it. By default on in-memory random 32x32x3 uint8
 * images, the workload of {@code ../shared/peers/bench_input_pipeline.py}; with {@code --dataset}
 * on a real dataset's training split (CIFAR binary in memory, or image files decoded as they
 * stream), with the process's memory printed after every pass.
 */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description = {
      "Images/s of the input pipeline (no model) on N random 32x32x3 images, batch 128:",
      "  none          shuffle, normalise, batch, fetch: the pipeline's own cost",
      "  standard      pad-4 crop + flip",
      "  autoaugment   standard + AutoAugment CIFAR-10 policy + Cutout 16",
      "  mixup         standard + batch Mixup (gamma 1)",
      "  cutmix        standard + batch CutMix (alpha 1, p 1)",
      "With --peer ../shared/peers/bench_input_pipeline.py the peer runs on the same machine"
          + " right after, and the ratios are printed (rda / the peer's better worker count).",
      "With --dataset KIND:PATH the images are that dataset's training split (the first N of a"
          + " fixed shuffle); above 64 px, standard is random-resized-crop + flip and AutoAugment"
          + " uses the ImageNet policy. Resident memory is printed after each pass."
    })
final class BenchPipelineCommand implements Callable<Integer> {

  @Option(
      names = "--pipelines",
      split = ",",
      paramLabel = "NAME",
      defaultValue = "standard,autoaugment,mixup,cutmix",
      description = "Which to run (default: ${DEFAULT-VALUE}).")
  List<String> pipelines;

  @Option(
      names = {"-n", "--images"},
      converter = Flags.Positive.class,
      paramLabel = "N",
      defaultValue = "50000",
      description = "Images per pass (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(
      names = "--repeats",
      converter = Flags.Positive.class,
      paramLabel = "K",
      defaultValue = "3",
      description =
          "Timed passes per pipeline; the median is reported (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(
      names = "--batch-size",
      converter = Flags.Positive.class,
      paramLabel = "B",
      defaultValue = "128",
      description = "Images per batch (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--threads",
      converter = Flags.Count.class,
      paramLabel = "N",
      defaultValue = "2",
      description =
          "Parallel map calls and TensorFlow threads (default: ${DEFAULT-VALUE}, the peer's 2 torch"
              + " threads).")
  int threads;

  @Option(
      names = "--strength",
      paramLabel = "S",
      defaultValue = "1",
      description = "Strength of the intensive augmentations, 0-1 (default: ${DEFAULT-VALUE}).")
  float strength;

  @Option(
      names = "--dataset",
      paramLabel = "SPEC",
      description = "Read this dataset's training images instead, e.g. imagenet:/data/imagenet.")
  String dataset;

  @Option(
      names = "--image-size",
      converter = Flags.Positive.class,
      paramLabel = "N",
      description = "Input side for image-file datasets (data.imageSize; default: the kind's).")
  Integer imageSize;

  @Option(
      names = "--peer",
      paramLabel = "SCRIPT",
      description =
          "Also run the peer (../shared/peers/bench_input_pipeline.py with /usr/bin/python3) on"
              + " the same images count, 0 and 2 workers, and print the ratios.")
  Path peer;

  /** The peer script's name for each of our pipelines. */
  private static final Map<String, String> PEER_NAMES =
      Map.of("standard", "a", "autoaugment", "b", "mixup", "c_mixup", "cutmix", "c_cutmix");

  @Override
  public Integer call() {
    for (String p : pipelines) {
      require(
          PipelineTimer.PIPELINES.containsKey(p),
          "--pipelines",
          p,
          "is not one of " + String.join(", ", PipelineTimer.PIPELINES.keySet()));
    }
    require(n >= batchSize, "--images", n, "must be at least one batch (" + batchSize + ")");
    require(repeats >= 1, "--repeats", repeats, "must be >= 1");
    require(threads >= 1, "--threads", threads, "must be >= 1");
    Workload work = workload();
    System.out.printf(
        "pipeline bench: %s, batch %d, %d threads, median of %d passes%n",
        work.description(), batchSize, threads, repeats);
    Map<String, Double> ours = new LinkedHashMap<>();
    for (String name : pipelines) {
      double[] rates =
          PipelineTimer.measure(
              PipelineTimer.specs(name, work.spec().height()),
              work,
              batchSize,
              threads,
              strength,
              repeats,
              pass -> {
                if (dataset != null) {
                  System.err.printf(
                      Locale.ROOT,
                      "  %s: %,.0f images/s, resident memory %s%n",
                      pass[0] == 0 ? "warm-up" : "pass " + (int) pass[0],
                      pass[1],
                      ProcessMemory.describe());
                }
              });
      double median = PeerScript.median(Arrays.stream(rates).boxed().toList());
      ours.put(name, median);
      System.out.printf(
          Locale.ROOT,
          "{\"pipeline\": \"%s\", \"data\": \"%s\", \"threads\": %d, \"images\": %d,"
              + " \"img_per_s_median\": %.1f, \"img_per_s_passes\": %s}%n",
          name,
          dataset == null ? "random" : dataset,
          threads,
          work.images().size(),
          median,
          Arrays.toString(Arrays.stream(rates).map(r -> Math.round(r)).toArray()));
    }
    if (peer != null) {
      require(
          dataset == null, "--peer", peer, "compares random 32x32x3 images only: drop --dataset");
      comparePeer(ours);
    }
    return 0;
  }

  /** Runs the peer script {@code repeats} times per pipeline and worker count; prints ratios. */
  private void comparePeer(Map<String, Double> ours) {
    require(Files.isRegularFile(peer), "--peer", peer, "is not a file");
    List<String> runs = new ArrayList<>();
    for (int r = 0; r < repeats; r++) {
      for (String name : ours.keySet()) {
        if (PEER_NAMES.containsKey(name)) {
          runs.add(PEER_NAMES.get(name) + ":0");
          runs.add(PEER_NAMES.get(name) + ":2");
        }
      }
    }
    if (runs.isEmpty()) {
      return;
    }
    Map<String, List<Double>> peerRates = new LinkedHashMap<>();
    for (JsonNode json :
        PeerScript.results(
            peer,
            List.of("--n", Integer.toString(n), "--runs", String.join(",", runs)),
            "pipeline")) {
      peerRates
          .computeIfAbsent(
              json.get("pipeline").asText() + "/w" + json.get("workers").asInt(),
              k -> new ArrayList<>())
          .add(json.get("img_per_s").asDouble());
    }
    System.out.printf(
        "%-12s %12s %12s %12s %8s%n", "pipeline", "rda img/s", "peer w0", "peer w2", "ratio");
    for (var e : ours.entrySet()) {
      String peerName = PEER_NAMES.get(e.getKey());
      if (peerName == null) {
        continue;
      }
      double w0 = PeerScript.median(peerRates.getOrDefault(peerName + "/w0", List.of()));
      double w2 = PeerScript.median(peerRates.getOrDefault(peerName + "/w2", List.of()));
      System.out.printf(
          Locale.ROOT,
          "%-12s %12.0f %12.0f %12.0f %7.2fx%n",
          e.getKey(),
          e.getValue(),
          w0,
          w2,
          e.getValue() / Math.max(w0, w2));
    }
  }

  private Workload workload() {
    if (dataset == null) {
      ImageSet images = ImageSet.random(n, 32, 32, 3, 10, 0);
      return new Workload(
          images,
          ImageSpec.of(images),
          Source.Fit.STORED,
          images.statistics(), // the random images' own, as training computes a dataset's
          n + " random 32x32x3 images");
    }
    Datasets.DataSpec where = Datasets.DataSpec.parse(dataset);
    Dataset d = Datasets.load(where.kind(), where.dir(), imageSize, null);
    Images images = d.train().randomSubset(n, 0);
    require(
        images.size() >= batchSize,
        "--dataset",
        dataset,
        "has " + images.size() + " training images, fewer than a batch (" + batchSize + ")");
    return new Workload(
        images,
        d.spec(),
        d.fit(),
        d.normalization(),
        String.format(
            Locale.ROOT,
            "%,d training images of %s (input %dx%dx%d, %s)",
            images.size(),
            where,
            d.spec().height(),
            d.spec().width(),
            d.spec().channels(),
            d.fit() == Source.Fit.STORED ? "in memory" : "image files"));
  }
}

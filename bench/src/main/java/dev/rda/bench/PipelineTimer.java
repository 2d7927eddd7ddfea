package dev.rda.bench;

import dev.rda.augment.Augmentations;
import dev.rda.augment.Batch;
import dev.rda.augment.BatchAugmentation;
import dev.rda.augment.SampleAugmentation;
import dev.rda.core.SessionOptions;
import dev.rda.data.ImageSpec;
import dev.rda.data.Images;
import dev.rda.data.InputPipeline;
import dev.rda.data.Normalization;
import dev.rda.data.PipelineReader;
import dev.rda.data.Source;
import dev.rda.data.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.op.Ops;

/**
 * Images/s of the input pipeline alone: whole passes over a set of images through one named
 * pipeline (the peer's {@code bench_input_pipeline.py} workloads), each batch fetched out of the
 * graph as a training step would consume it.
 */
public final class PipelineTimer {
  private PipelineTimer() {}

  /**
   * The named pipelines, as augmentation specs in order (a batch op marked {@code |}): the peer's
   * (a) standard, (b) + AutoAugment + Cutout, (c) + Mixup or CutMix, and none.
   */
  public static final Map<String, List<String>> PIPELINES = new LinkedHashMap<>();

  static {
    PIPELINES.put("none", List.of());
    PIPELINES.put("standard", List.of("pad-crop(pad=4)", "hflip"));
    PIPELINES.put(
        "autoaugment",
        List.of("pad-crop(pad=4)", "hflip", "autoaugment-cifar10", "cutout(size=16)"));
    PIPELINES.put("mixup", List.of("pad-crop(pad=4)", "hflip", "|mixup(gamma=1.0)"));
    PIPELINES.put("cutmix", List.of("pad-crop(pad=4)", "hflip", "|cutmix(alpha=1.0, p=1.0)"));
  }

  /** The images a bench reads, their input shape, normalisation and how files reach the size. */
  public record Workload(
      Images images,
      ImageSpec spec,
      Source.Fit fit,
      Normalization normalization,
      String description) {}

  /** Pipeline {@code name}'s augmentations; ImageNet-sized inputs get ImageNet's standard ones. */
  public static List<String> specs(String name, int side) {
    if (side <= 64) {
      return PIPELINES.get(name);
    }
    return PIPELINES.get(name).stream()
        .map(
            s ->
                switch (s) {
                  case "pad-crop(pad=4)" -> "random-resized-crop";
                  case "autoaugment-cifar10" -> "autoaugment-imagenet";
                  case "cutout(size=16)" -> "cutout(size=" + side / 2 + ")";
                  default -> s;
                })
        .toList();
  }

  /**
   * Images/s of each of {@code repeats} timed passes of {@code specs} over {@code work}, after one
   * untimed warm-up pass that builds the functions; {@code afterPass} hears each pass's rate
   * (warm-up as pass 0).
   */
  public static double[] measure(
      List<String> specs,
      Workload work,
      int batchSize,
      int threads,
      float strength,
      int repeats,
      Consumer<double[]> afterPass) {
    List<SampleAugmentation> sample = new ArrayList<>();
    BatchAugmentation batch = null;
    for (String s : specs) {
      if (s.startsWith("|")) {
        batch = Augmentations.batch(s.substring(1));
      } else {
        sample.add(Augmentations.sample(s));
      }
    }
    try (Graph g = new Graph();
        Session session = new Session(g, SessionOptions.of(threads))) {
      Ops tf = Ops.create(g);
      InputPipeline pipeline = new InputPipeline(tf, work.spec(), work.normalization(), threads);
      try (PipelineReader reader = new PipelineReader(tf, "bench_iterator", pipeline)) {
        reader.add(
            "bench",
            reader.bind(pipeline.source(work.fit()), work.images()),
            new Stage(sample, batch, batchSize, true, false));
        double[] rates = new double[repeats];
        for (int pass = -1; pass < repeats; pass++) {
          long t0 = System.nanoTime();
          int seen = pass(session, reader, pass + 1, strength);
          double rate = seen / ((System.nanoTime() - t0) / 1e9);
          if (pass >= 0) {
            rates[pass] = rate;
          }
          afterPass.accept(new double[] {pass + 1, rate});
        }
        return rates;
      }
    }
  }

  private static int pass(Session session, PipelineReader reader, long seed, float strength) {
    PipelineReader.start(session, List.of(reader), "bench", seed, strength);
    Batch next = reader.next();
    int seen = 0;
    try {
      while (true) {
        // Fetching copies each batch out of the graph, as a training step would consume it.
        try (Result r = session.runner().fetch(next.images()).fetch(next.labels()).run()) {
          seen += (int) r.get(0).shape().get(0);
        }
      }
    } catch (TFOutOfRangeException end) {
      return seen;
    }
  }
}

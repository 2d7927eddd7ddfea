package dev.rda.cli;

import dev.rda.bench.PeerScript;
import dev.rda.core.BadInputException;
import dev.rda.detection.Box;
import dev.rda.detection.Canvas;
import dev.rda.detection.DetectionConfig;
import dev.rda.detection.Detector;
import dev.rda.detection.DetectorLayout;
import dev.rda.detection.Voc;
import dev.rda.models.Models;
import dev.rda.savedmodels.ClassifierExport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rda bench detect-step}: images/s of a Faster R-CNN training step per layout, with the
 * backbone run once (a partial run) or twice (two session runs) per step, on a fixed batch of
 * random images with random objects.
 */
@Command(
    name = "detect-step",
    mixinStandardHelpOptions = true,
    description = {
      "Images/s of a Faster R-CNN training step (RPN, sampling in Java, box head, backward, update)"
          + " per layout, on a fixed batch of random pixels with random objects; median step of"
          + " each round, rounds taking turns between the settings, then the median over rounds.",
      "--passes 1 runs the backbone once per step (the trainer's way), 2 runs it again in the"
          + " second session call (the detector before partial runs)."
    })
final class BenchDetectStepCommand implements Callable<Integer> {
  @Option(
      names = "--backbone",
      paramLabel = "DIR",
      description = "An exported SavedModel (only its record is read; default: --model untrained).")
  Path backbone;

  @Option(
      names = "--model",
      paramLabel = "M",
      defaultValue = "resnet50",
      description =
          "Without --backbone: an untrained registered model (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--preset",
      paramLabel = "P",
      defaultValue = "voc07-faster-rcnn",
      description = "The detection preset (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(
      names = "--layouts",
      split = ",",
      paramLabel = "L",
      defaultValue = "fpn,c4,single",
      description = "Layouts to time (default: ${DEFAULT-VALUE}).")
  List<String> layouts;

  @Option(
      names = "--passes",
      split = ",",
      paramLabel = "N",
      defaultValue = "1,2",
      description = "Backbone passes per step to time, 1 and/or 2 (default: ${DEFAULT-VALUE}).")
  List<Integer> passes;

  @Option(
      names = "--image",
      paramLabel = "WxH",
      defaultValue = "1066x800",
      description =
          "Size of the batch's images after scaling (default: ${DEFAULT-VALUE}, a 4:3 VOC image"
              + " at shorter side 800).")
  String image;

  @Option(
      names = "--batch",
      converter = Flags.Positive.class,
      paramLabel = "B",
      defaultValue = "2",
      description = "Images per step (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--steps",
      converter = Flags.Positive.class,
      paramLabel = "N",
      defaultValue = "3",
      description = "Timed steps per round, after one warm-up step (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--rounds",
      converter = Flags.Positive.class,
      paramLabel = "R",
      defaultValue = "3",
      description = "Rounds (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--set",
      paramLabel = "FIELD=VALUE",
      description = "Override a config field of every layout, e.g. --set fpn.channels=64.")
  Map<String, String> set = new LinkedHashMap<>();

  @Mixin ThreadsOption threadsOption;

  private record Setting(DetectorLayout layout, Detector.Passes passes) {
    String label() {
      return layout.id() + ", " + (passes == Detector.Passes.ONE ? "1 pass" : "2 passes");
    }
  }

  @Override
  public Integer call() {
    int[] size = parseSize(image);
    ClassifierExport.Info info = backbone != null ? ClassifierExport.info(backbone) : untrained();
    List<Canvas> canvases = canvases(size[0], size[1]);
    Map<DetectorLayout, Detector> detectors = new LinkedHashMap<>();
    List<Setting> settings = new ArrayList<>();
    for (String l : layouts) {
      DetectorLayout layout = DetectorLayout.of(l);
      Map<String, String> overrides = new LinkedHashMap<>(set);
      overrides.put("layout", layout.id());
      overrides.put("backbone", backbone != null ? backbone.toString() : "(untrained)");
      DetectionConfig config = ConfigLoader.resolveDetection(preset, null, overrides);
      Detector d = new Detector(config, info, threadsOption.count);
      detectors.put(layout, d);
      System.out.printf(
          Locale.ROOT,
          "%s: %s on %s, %,d trained parameters%n",
          layout.id(),
          info.model(),
          String.join(", ", d.levels),
          d.trainableCount);
      for (int p : passes) {
        if (p != 1 && p != 2) {
          throw new BadInputException("--passes " + p + ": must be 1 or 2");
        }
        settings.add(new Setting(layout, p == 1 ? Detector.Passes.ONE : Detector.Passes.TWO));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "batch %d of %dx%d images, threads: %s; %d rounds of 1 + %d steps%n",
        batch,
        size[0],
        size[1],
        threadsOption.count == 0 ? "all cores" : String.valueOf(threadsOption.count),
        rounds,
        steps);
    Map<Setting, List<Double>> seconds = new LinkedHashMap<>();
    Random random = new Random(0);
    try {
      for (int r = 0; r < rounds; r++) {
        for (Setting s : settings) {
          Detector d = detectors.get(s.layout());
          d.train(canvases, 1e-4, random, s.passes());
          double[] t = new double[steps];
          for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            d.train(canvases, 1e-4, random, s.passes());
            t[i] = (System.nanoTime() - t0) / 1e9;
          }
          double m = PeerScript.median(Arrays.stream(t).boxed().toList());
          seconds.computeIfAbsent(s, k -> new ArrayList<>()).add(m);
          System.out.printf(
              Locale.ROOT,
              "round %d  %-18s %.3f s/step  %.2f images/s%n",
              r + 1,
              s.label(),
              m,
              batch / m);
        }
      }
    } finally {
      detectors.values().forEach(Detector::close);
    }
    System.out.println("median over rounds:");
    for (Setting s : settings) {
      double m = PeerScript.median(seconds.get(s));
      String ratio = "";
      Setting twice = new Setting(s.layout(), Detector.Passes.TWO);
      if (s.passes() == Detector.Passes.ONE && seconds.containsKey(twice)) {
        double m2 = PeerScript.median(seconds.get(twice));
        ratio = String.format(Locale.ROOT, "  %.2fx the 2-pass step", m2 / m);
      }
      System.out.printf(
          Locale.ROOT, "  %-18s %.3f s/step  %.2f images/s%s%n", s.label(), m, batch / m, ratio);
    }
    return 0;
  }

  private ClassifierExport.Info untrained() {
    if (!Models.exists(model)) {
      throw new BadInputException(
          "--model " + model + ": not a registered model " + Models.names());
    }
    return new ClassifierExport.Info(
        "(untrained)",
        0,
        model,
        Models.entry(model).defaultWidth(),
        224,
        224,
        3,
        1000,
        new float[] {0.485f, 0.456f, 0.406f},
        new float[] {0.229f, 0.224f, 0.225f},
        List.of(),
        "none",
        null,
        Double.NaN,
        null,
        Map.of());
  }

  /** A fixed batch: random pixels, three to six random objects per image. */
  private List<Canvas> canvases(int width, int height) {
    Random random = new Random(1);
    List<Canvas> out = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      byte[] pixels = new byte[width * height * 3];
      random.nextBytes(pixels);
      List<Voc.VocObject> objects = new ArrayList<>();
      for (int k = 0; k < 3 + random.nextInt(4); k++) {
        double w = 20 + random.nextDouble() * width / 2;
        double h = 20 + random.nextDouble() * height / 2;
        double x = random.nextDouble() * (width - w);
        double y = random.nextDouble() * (height - h);
        objects.add(new Voc.VocObject(random.nextInt(20), new Box(x, y, x + w, y + h), false));
      }
      out.add(new Canvas(pixels, 1, width, height, objects));
    }
    return out;
  }

  private static int[] parseSize(String s) {
    String[] p = s.split("x");
    try {
      int[] out = Arrays.stream(p).mapToInt(Integer::parseInt).toArray();
      if (out.length == 2 && out[0] > 0 && out[1] > 0) {
        return out;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadInputException("--image " + s + ": must be WIDTHxHEIGHT in pixels, e.g. 1066x800");
  }
}

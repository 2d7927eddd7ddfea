package dev.rda.detection;

import dev.rda.detection.Voc.VocImage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * Images as canvases, in batches of a config's batch size and a given order; the next batch is read
 * in the background while the caller works on this one. With {@code flips}, each image is mirrored
 * with probability 1/2, drawn on the caller's thread when its batch is queued, so flips repeat with
 * the seed; without, none is.
 */
final class CanvasBatches implements Iterator<List<Canvas>> {
  private final List<VocImage> images;
  private final List<Integer> order;
  private final DetectionConfig.Scale scale;
  private final int batchSize;
  private final Random flips;
  private int queued;
  private CompletableFuture<List<Canvas>> next;

  CanvasBatches(List<VocImage> images, List<Integer> order, DetectionConfig config, Random flips) {
    this.images = images;
    this.order = order;
    this.scale = config.scale();
    this.batchSize = config.batchSize();
    this.flips = flips;
    queue();
  }

  @Override
  public boolean hasNext() {
    return next != null;
  }

  @Override
  public List<Canvas> next() {
    if (next == null) {
      throw new NoSuchElementException();
    }
    CompletableFuture<List<Canvas>> current = next;
    queue();
    return current.join();
  }

  private void queue() {
    if (queued >= order.size()) {
      next = null;
      return;
    }
    List<VocImage> chosen = new ArrayList<>();
    List<Boolean> mirrored = new ArrayList<>();
    for (int i = queued; i < Math.min(order.size(), queued + batchSize); i++) {
      chosen.add(images.get(order.get(i)));
      mirrored.add(flips != null && flips.nextBoolean());
    }
    queued += chosen.size();
    next =
        CompletableFuture.supplyAsync(
            () -> {
              List<Canvas> out = new ArrayList<>();
              for (int i = 0; i < chosen.size(); i++) {
                out.add(Canvas.of(chosen.get(i), scale, mirrored.get(i)));
              }
              return out;
            });
  }
}

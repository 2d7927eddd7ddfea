package dev.rda.savedmodels;

import dev.rda.core.BadInputException;
import dev.rda.data.ImageSet;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/** Top-1 of an exported classifier on in-memory images, through its serving signature only. */
public final class SavedModelEvaluation {
  private SavedModelEvaluation() {}

  /** Correct predictions, images, and top-1 in percent. */
  public record Accuracy(int correct, int images) {
    public double top1() {
      return 100.0 * correct / images;
    }
  }

  public static Accuracy evaluate(Path savedModel, ImageSet images, int batch) {
    ClassifierExport.Info info = ClassifierExport.info(savedModel);
    if (images.height() != info.height()
        || images.width() != info.width()
        || images.channels() != info.channels()) {
      throw new BadInputException(
          "images are "
              + images.height()
              + "x"
              + images.width()
              + "x"
              + images.channels()
              + "; the SavedModel takes "
              + info.height()
              + "x"
              + info.width()
              + "x"
              + info.channels());
    }
    int correct = 0;
    try (SavedModelBundle bundle = SavedModels.load(savedModel)) {
      SessionFunction serving = bundle.function(ClassifierExport.SERVING);
      int bytes = images.imageBytes();
      for (int start = 0; start < images.size(); start += batch) {
        int n = Math.min(batch, images.size() - start);
        byte[] chunk = new byte[n * bytes];
        System.arraycopy(images.pixels(), start * bytes, chunk, 0, chunk.length);
        try (TUint8 x =
                TUint8.tensorOf(
                    Shape.of(n, images.height(), images.width(), images.channels()),
                    DataBuffers.of(chunk, true, false));
            org.tensorflow.Result r = serving.call(Map.<String, Tensor>of("images", x))) {
          TFloat32 logits = (TFloat32) r.get("logits").orElseThrow();
          int classes = (int) logits.shape().get(1);
          for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
              if (logits.getFloat(i, c) > logits.getFloat(i, best)) {
                best = c;
              }
            }
            if (best == images.labels()[start + i]) {
              correct++;
            }
          }
        }
      }
    }
    return new Accuracy(correct, images.size());
  }
}

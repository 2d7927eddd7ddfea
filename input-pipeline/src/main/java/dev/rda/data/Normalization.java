package dev.rda.data;

/** Per-channel mean and standard deviation applied to pixels in [0, 1]: (x - mean) / std. */
public record Normalization(float[] mean, float[] std) {

  /** Accumulates HWC uint8 pixels, any number of images, into per-channel statistics. */
  static final class Sums {
    private final double[] sum;
    private final double[] sumSq;
    private long perChannel;

    Sums(int channels) {
      sum = new double[channels];
      sumSq = new double[channels];
    }

    void add(byte[] pixels) {
      int channels = sum.length;
      for (int i = 0; i < pixels.length; i++) {
        double v = (pixels[i] & 0xFF) / 255.0;
        sum[i % channels] += v;
        sumSq[i % channels] += v * v;
      }
      perChannel += pixels.length / channels;
    }

    Normalization result() {
      float[] mean = new float[sum.length];
      float[] std = new float[sum.length];
      for (int c = 0; c < sum.length; c++) {
        double m = sum[c] / perChannel;
        mean[c] = (float) m;
        std[c] = (float) Math.sqrt(Math.max(sumSq[c] / perChannel - m * m, 1e-12));
      }
      return new Normalization(mean, std);
    }
  }
}

package dev.rda.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.tensorflow.proto.RewriterConfig;

class PrecisionTest {
  @Test
  void namesAreStrictAndAbsentIsFloat32() {
    assertEquals(Precision.FLOAT32, Precision.of(null));
    assertEquals(Precision.BFLOAT16, Precision.of("bfloat16"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Precision.of("fp16"));
    assertEquals("fp16 must be one of float32, bfloat16", e.getMessage());
  }

  /** bfloat16 turns grappler's oneDNN mixed precision on exactly where this machine has it. */
  @Test
  void sessionsComputeInBfloat16OnlyWhereTheCpuCan() {
    boolean here = Precision.unsupportedHere() == null;
    assertEquals(here ? Precision.BFLOAT16 : Precision.FLOAT32, Precision.BFLOAT16.supportedHere());
    RewriterConfig.Toggle asked =
        SessionOptions.of(2, 0, Precision.BFLOAT16)
            .getGraphOptions()
            .getRewriteOptions()
            .getAutoMixedPrecisionOnednnBfloat16();
    assertEquals(here ? RewriterConfig.Toggle.ON : RewriterConfig.Toggle.DEFAULT, asked);
    assertEquals(
        RewriterConfig.Toggle.DEFAULT,
        SessionOptions.of(2, 0, Precision.FLOAT32)
            .getGraphOptions()
            .getRewriteOptions()
            .getAutoMixedPrecisionOnednnBfloat16());
  }
}

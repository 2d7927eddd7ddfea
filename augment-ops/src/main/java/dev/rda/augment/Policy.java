package dev.rda.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An AutoAugment policy: sub-policies of two steps, each an operation applied with a probability at
 * a magnitude level. Training picks one sub-policy uniformly per image. The published policies are
 * written as in the AutoAugment paper's appendix tables (operation:probability:level; Invert,
 * AutoContrast and Equalize take no level, written 0).
 */
public record Policy(String name, List<List<Step>> subPolicies) {

  public record Step(AutoAugmentOp op, double probability, double level) {}

  public static final Policy CIFAR10 =
      parse(
          "cifar10",
          """
          Invert:0.1:0,Contrast:0.2:6; Rotate:0.7:2,TranslateX:0.3:9; Sharpness:0.8:1,Sharpness:0.9:3;
          ShearY:0.5:8,TranslateY:0.7:9; AutoContrast:0.5:0,Equalize:0.9:0; ShearY:0.2:7,Posterize:0.3:7;
          Color:0.4:3,Brightness:0.6:7; Sharpness:0.3:9,Brightness:0.7:9; Equalize:0.6:0,Equalize:0.5:0;
          Contrast:0.6:7,Sharpness:0.6:5; Color:0.7:7,TranslateX:0.5:8; Equalize:0.3:0,AutoContrast:0.4:0;
          TranslateY:0.4:3,Sharpness:0.2:6; Brightness:0.9:6,Color:0.2:8; Solarize:0.5:2,Invert:0.0:0;
          Equalize:0.2:0,AutoContrast:0.6:0; Equalize:0.2:0,Equalize:0.6:0; Color:0.9:9,Equalize:0.6:0;
          AutoContrast:0.8:0,Solarize:0.2:8; Brightness:0.1:3,Color:0.7:0; Solarize:0.4:5,AutoContrast:0.9:0;
          TranslateY:0.9:9,TranslateY:0.7:9; AutoContrast:0.9:0,Solarize:0.8:3; Equalize:0.8:0,Invert:0.1:0;
          TranslateY:0.7:9,AutoContrast:0.9:0\
          """);

  public static final Policy IMAGENET =
      parse(
          "imagenet",
          """
          Posterize:0.4:8,Rotate:0.6:9; Solarize:0.6:5,AutoContrast:0.6:0; Equalize:0.8:0,Equalize:0.6:0;
          Posterize:0.6:7,Posterize:0.6:6; Equalize:0.4:0,Solarize:0.2:4; Equalize:0.4:0,Rotate:0.8:8;
          Solarize:0.6:3,Equalize:0.6:0; Posterize:0.8:5,Equalize:1.0:0; Rotate:0.2:3,Solarize:0.6:8;
          Equalize:0.6:0,Posterize:0.4:6; Rotate:0.8:8,Color:0.4:0; Rotate:0.4:9,Equalize:0.6:0;
          Equalize:0.0:0,Equalize:0.8:0; Invert:0.6:0,Equalize:1.0:0; Color:0.6:4,Contrast:1.0:8;
          Rotate:0.8:8,Color:1.0:2; Color:0.8:8,Solarize:0.8:7; Sharpness:0.4:7,Invert:0.6:0;
          ShearX:0.6:5,Equalize:1.0:0; Color:0.4:0,Equalize:0.6:0; Equalize:0.4:0,Solarize:0.2:4;
          Solarize:0.6:5,AutoContrast:0.6:0; Invert:0.6:0,Equalize:1.0:0; Color:0.6:4,Contrast:1.0:8;
          Equalize:0.8:0,Equalize:0.6:0\
          """);

  public static final Policy SVHN =
      parse(
          "svhn",
          """
          ShearX:0.9:4,Invert:0.2:0; ShearY:0.9:8,Invert:0.7:0; Equalize:0.6:0,Solarize:0.6:6;
          Invert:0.9:0,Equalize:0.6:0; Equalize:0.6:0,Rotate:0.9:3; ShearX:0.9:4,AutoContrast:0.8:0;
          ShearY:0.9:8,Invert:0.4:0; ShearY:0.9:5,Solarize:0.2:6; Invert:0.9:0,AutoContrast:0.8:0;
          Equalize:0.6:0,Rotate:0.9:3; ShearX:0.9:4,Solarize:0.3:3; ShearY:0.8:8,Invert:0.7:0;
          Equalize:0.9:0,TranslateY:0.6:6; Invert:0.9:0,Equalize:0.6:0; Contrast:0.3:3,Rotate:0.8:4;
          Invert:0.8:0,TranslateY:0.0:2; ShearY:0.7:6,Solarize:0.4:8; Invert:0.6:0,Rotate:0.8:4;
          ShearY:0.3:7,TranslateX:0.9:3; ShearX:0.1:6,Invert:0.6:0; Solarize:0.7:2,TranslateY:0.6:7;
          ShearY:0.8:4,Invert:0.8:0; ShearX:0.7:9,TranslateY:0.8:3; ShearY:0.8:5,AutoContrast:0.7:0;
          ShearX:0.7:2,Invert:0.1:0\
          """);

  public static final Map<String, Policy> PUBLISHED =
      Map.of("cifar10", CIFAR10, "imagenet", IMAGENET, "svhn", SVHN);

  public Policy {
    subPolicies = subPolicies.stream().map(List::copyOf).toList();
    if (subPolicies.isEmpty()) {
      throw new IllegalArgumentException("policy '" + name + "' has no sub-policies");
    }
  }

  @Override
  public String toString() {
    return "Policy[" + name + ", " + subPolicies.size() + " sub-policies]";
  }

  /** Steps per sub-policy (the same for all: the published policies have two). */
  public int depth() {
    return subPolicies.get(0).size();
  }

  /** Parses "Op:p:level,Op:p:level; ..." (sub-policies separated by ';'). */
  public static Policy parse(String name, String text) {
    List<List<Step>> subs = new ArrayList<>();
    for (String sub : text.split(";")) {
      List<Step> steps = new ArrayList<>();
      for (String step : sub.trim().split(",")) {
        String[] f = step.trim().split(":");
        if (f.length != 3) {
          throw new IllegalArgumentException(
              "policy '" + name + "': bad step '" + step.trim() + "'");
        }
        steps.add(
            new Step(
                AutoAugmentOp.byName(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])));
      }
      if (!subs.isEmpty() && steps.size() != subs.get(0).size()) {
        throw new IllegalArgumentException("policy '" + name + "': sub-policies differ in length");
      }
      subs.add(steps);
    }
    return new Policy(name, subs);
  }
}

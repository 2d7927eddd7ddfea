package dev.rda.training;

import dev.rda.core.BadInputException;
import dev.rda.models.CrossReplicaMoments;
import dev.rda.models.FeatureHook;
import dev.rda.models.Mode;
import dev.rda.models.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tensorflow.Graph;
import org.tensorflow.OpNames;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Placement;
import org.tensorflow.framework.losses.CategoricalCrossentropy;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * One training step over a network's TRAIN path: mean soft-label cross-entropy of a batch (labels
 * are probability rows, as Mixup and CutMix make them), gradients for the trainable weights, the
 * SGD update, and the BatchNorm statistic updates. Training and the benchmark build it the same
 * way.
 *
 * <p>Replicated ({@link Replication}), the batch is split into equal slices, one per replica and
 * device; the step's loss is the mean of the replicas' losses (the global batch's mean loss), so
 * its gradient is the mean of theirs; BatchNorm statistics are updated from the first replica (all
 * replicas' are equal under synchronised BatchNorm).
 *
 * @param loss the batch's mean loss, fetched with {@link #update}
 * @param update the op that runs the step
 */
public record TrainStep(Operand<TFloat32> loss, Op update) {

  public static TrainStep build(
      Ops tf,
      Network net,
      Operand<TFloat32> images,
      Operand<TFloat32> labels,
      FeatureHook hook,
      MomentumSgd sgd,
      Operand<TFloat32> learningRate) {
    return build(tf, net, images, labels, hook, sgd, learningRate, Replication.SINGLE);
  }

  public static TrainStep build(
      Ops tf,
      Network net,
      Operand<TFloat32> images,
      Operand<TFloat32> labels,
      FeatureHook hook,
      MomentumSgd sgd,
      Operand<TFloat32> learningRate,
      Replication replication) {
    Ops train = tf.withSubScope("train");
    if (!replication.isReplicated()) {
      Operand<TFloat32> loss = meanLoss(train, net, images, labels, hook);
      Op update =
          sgd.minimize(
              loss, net.parameters().trainable(), learningRate, net.parameters().updates());
      return new TrainStep(loss, update);
    }
    int n = replication.replicas();
    List<Output<TFloat32>> imageSlices = train.split(train.constant(0), images, (long) n).output();
    List<Output<TFloat32>> labelSlices = train.split(train.constant(0), labels, (long) n).output();
    return replicated(train, net, imageSlices, labelSlices, hook, sgd, learningRate, replication);
  }

  /**
   * The replicated step on batches already split, one per replica (e.g. each read by its task's own
   * input pipeline).
   */
  public static TrainStep build(
      Ops tf,
      Network net,
      List<? extends Operand<TFloat32>> images,
      List<? extends Operand<TFloat32>> labels,
      FeatureHook hook,
      MomentumSgd sgd,
      Operand<TFloat32> learningRate,
      Replication replication) {
    return replicated(
        tf.withSubScope("train"), net, images, labels, hook, sgd, learningRate, replication);
  }

  private static TrainStep replicated(
      Ops train,
      Network net,
      List<? extends Operand<TFloat32>> imageSlices,
      List<? extends Operand<TFloat32>> labelSlices,
      FeatureHook hook,
      MomentumSgd sgd,
      Operand<TFloat32> learningRate,
      Replication replication) {
    if (hook != FeatureHook.NONE) {
      throw new BadInputException(
          "augment.batch", "manifold-mixup", "mixes across the whole batch; use one replica");
    }
    int n = replication.replicas();
    if (imageSlices.size() != n || labelSlices.size() != n) {
      throw new IllegalArgumentException(imageSlices.size() + " batches for " + n + " replicas");
    }
    List<Op> before = List.copyOf(net.parameters().updates());
    List<Ops> scopes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      scopes.add(train.withSubScope("replica" + i).withDevice(replication.devices().get(i)));
    }
    List<Operand<TFloat32>> losses = new ArrayList<>();
    if (replication.syncBatchNorm()) {
      losses.addAll(lockstep(train, net, scopes, imageSlices, labelSlices));
    } else {
      for (int i = 0; i < n; i++) {
        losses.add(
            meanLoss(scopes.get(i), net, imageSlices.get(i), labelSlices.get(i), FeatureHook.NONE));
      }
    }
    Operand<TFloat32> sum = losses.get(0);
    for (int i = 1; i < n; i++) {
      sum = train.math.add(sum, losses.get(i));
    }
    Operand<TFloat32> loss = train.math.div(sum, train.constant((float) n));
    // The first replica's ops are named under its scope, as its loss (built directly in it) is.
    String lossName = losses.get(0).op().name();
    String first = lossName.substring(0, lossName.lastIndexOf('/') + 1);
    List<Op> updates = new ArrayList<>(before);
    for (Op u : net.parameters().updates()) {
      if (u.op().name().startsWith(first)) {
        updates.add(u);
      }
    }
    // Each replica's backward ops go where its forward ops are (see Placement).
    Graph graph = (Graph) train.scope().env();
    Set<String> existing = OpNames.of(graph);
    List<Output<?>> gradients = sgd.gradients(loss, net.parameters().trainable());
    Placement.followInputs(graph, existing);
    return new TrainStep(
        loss, sgd.apply(gradients, net.parameters().trainable(), learningRate, updates));
  }

  /**
   * Builds the replicas' forward passes at once, one thread each, so that synchronised BatchNorm
   * can meet at every layer (see {@link CrossReplicaMoments}).
   */
  private static List<Operand<TFloat32>> lockstep(
      Ops shared,
      Network net,
      List<Ops> scopes,
      List<? extends Operand<TFloat32>> images,
      List<? extends Operand<TFloat32>> labels) {
    int n = scopes.size();
    CrossReplicaMoments moments = new CrossReplicaMoments(shared, n);
    net.parameters().crossReplica(moments);
    ExecutorService threads = Executors.newFixedThreadPool(n);
    try {
      List<Future<Operand<TFloat32>>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int replica = i;
        futures.add(
            threads.submit(
                () -> {
                  moments.enter(replica);
                  try {
                    return meanLoss(
                        scopes.get(replica),
                        net,
                        images.get(replica),
                        labels.get(replica),
                        FeatureHook.NONE);
                  } catch (RuntimeException e) {
                    moments.abandon();
                    throw e;
                  }
                }));
      }
      List<Operand<TFloat32>> losses = new ArrayList<>();
      for (Future<Operand<TFloat32>> f : futures) {
        losses.add(f.get());
      }
      return losses;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } finally {
      threads.shutdownNow();
      net.parameters().crossReplica(null);
    }
  }

  private static Operand<TFloat32> meanLoss(
      Ops tf, Network net, Operand<TFloat32> images, Operand<TFloat32> labels, FeatureHook hook) {
    return meanLoss(tf, net.forward(tf, images, Mode.TRAIN, hook).logits(), labels);
  }

  /**
   * The batch's mean soft-label cross-entropy: tensorflow-framework's categorical cross-entropy
   * from logits (the fused softmax op; right for probability rows, and for a last batch of any
   * size). Label smoothing is not its: the project feeds it per phase (see {@link LabelSmoothing}),
   * where the framework's is a constant that needs a static class count.
   */
  static Operand<TFloat32> meanLoss(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> labels) {
    return new CategoricalCrossentropy(true).call(tf, labels, logits, null);
  }
}

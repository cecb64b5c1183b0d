package dev.nn.spark;

import dev.nn.EpochStats;
import dev.nn.FitOptions;
import dev.nn.Network;
import dev.nn.Optimizer;
import dev.nn.core.Backend;
import dev.nn.core.Rng;
import dev.nn.data.DataSet;
import dev.nn.layers.Dropout;
import dev.nn.layers.Layer;
import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * One partition's part of a round, run on an executor: sets a network of the model to the
 * round's weights, trains it for k steps on the partition's own samples with a new optimizer set
 * to the round's optimizer state (or left new, when the optimizer state is reset), and sends back
 * its weights and optimizer state. Everything it draws comes from (seed, round or pass, partition), so the
 * result depends on nothing but the inputs, whichever executor runs it and whenever.
 */
final class LocalRound implements Function2<Integer, Iterator<SampleBlock>, Iterator<RoundResult>> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<byte[]> model;
    private final Broadcast<NetworkState> weights;
    private final TrainingPlan plan;
    private final Round round;

    LocalRound(Broadcast<byte[]> model, Broadcast<NetworkState> weights, TrainingPlan plan, Round round) {
        this.model = model;
        this.weights = weights;
        this.plan = plan;
        this.round = round;
    }

    @Override
    public Iterator<RoundResult> call(Integer partition, Iterator<SampleBlock> blocks) {
        SampleBlock block = blocks.next();
        if (block.size() == 0) {
            return Collections.emptyIterator();
        }
        if (Backend.threads() != plan.threadsPerTask()) {
            Backend.setThreads(plan.threadsPerTask());
        }
        DataSet samples = block.stepsFrom(plan.seed(), round.firstStep(), round.steps(), plan.batchSize(), plan.inputShape(), plan.classes());
        Network net = ExecutorNetworks.borrow(model.id(), model.value());
        try {
            reseedDropout(net, partition);
            return Collections.singletonList(train(net, weights.value(), samples, plan)).iterator();
        } finally {
            ExecutorNetworks.giveBack(model.id(), net);
        }
    }

    /**
     * What every task does with its network and samples, and the driver's trial step: sets the
     * network to the round's state, trains it one pass over the samples with a new optimizer (set
     * to the round's optimizer state, if it carries one), and gives its state back (with the
     * optimizer's, if the plan averages it).
     */
    static RoundResult train(Network net, NetworkState start, DataSet samples, TrainingPlan plan) {
        Optimizer optimizer = plan.optimizer().create();
        start.copyInto(net);
        start.copyInto(optimizer, net);
        long begin = System.nanoTime();
        EpochStats stats = net.fit(samples, new FitOptions().epochs(1).batchSize(plan.batchSize()).shuffle(false)
                .optimizer(optimizer).verbosity(FitOptions.Verbosity.SILENT)).getFirst();
        long nanos = System.nanoTime() - begin;
        return new RoundResult(NetworkState.of(net, plan.averagesOptimizerState() ? optimizer : null),
                stats.loss() * stats.samples(), stats.accuracy() * stats.samples(), stats.samples(), nanos);
    }

    /** Dropout masks from (seed, round, partition), not from whatever the reused network drew last. */
    private void reseedDropout(Network net, int partition) {
        Rng masks = new Rng(Seeds.of(plan.seed(), Seeds.DROPOUT, round.index(), partition));
        for (Layer layer : net.layers()) {
            if (layer instanceof Dropout dropout) {
                dropout.initialize(masks);
            }
        }
    }
}

package dev.nn.spark;

import dev.nn.EpochStats;
import dev.nn.FitOptions;
import dev.nn.Network;
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
 * round's weights, trains it for k steps on the partition's own samples with a new optimizer, and
 * sends back its weights. Everything it draws comes from (seed, round or pass, partition), so the
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
            weights.value().copyInto(net);
            reseedDropout(net, partition);
            long start = System.nanoTime();
            EpochStats stats = net.fit(samples, new FitOptions().epochs(1).batchSize(plan.batchSize()).shuffle(false)
                    .optimizer(plan.optimizer().create()).verbosity(FitOptions.Verbosity.SILENT)).getFirst();
            long nanos = System.nanoTime() - start;
            RoundResult result = new RoundResult(NetworkState.of(net), stats.loss() * stats.samples(),
                    stats.accuracy() * stats.samples(), stats.samples(), nanos);
            return Collections.singletonList(result).iterator();
        } finally {
            ExecutorNetworks.giveBack(model.id(), net);
        }
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

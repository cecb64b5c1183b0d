package dev.nn.spark;

import dev.nn.Network;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The networks an executor JVM has rebuilt for a training, kept for its later rounds: loading a
 * model file each round would cost more than the round's transfer of weights. One network per
 * task running at once (a network trains on one thread at a time); a task borrows one and gives
 * it back. Only the latest training's networks are kept: a borrow for a new model drops the others.
 */
final class ExecutorNetworks {
    /** The model the pool holds networks of, by its broadcast's id, and those networks. */
    private record Pool(long modelId, ConcurrentLinkedQueue<Network> idle) {
    }

    private static final AtomicReference<Pool> POOL = new AtomicReference<>(new Pool(-1, new ConcurrentLinkedQueue<>()));

    private ExecutorNetworks() {
    }

    /**
     * A network of the model, idle, for the caller alone until it gives it back; its weights are
     * those some earlier round left, so the caller sets them.
     */
    static Network borrow(long modelId, byte[] model) {
        Pool pool = POOL.updateAndGet(p -> p.modelId == modelId ? p : new Pool(modelId, new ConcurrentLinkedQueue<>()));
        Network net = pool.idle.poll();
        return net != null ? net : ModelBytes.load(model);
    }

    /** Returns a borrowed network for later rounds; dropped if the pool has moved on to another model. */
    static void giveBack(long modelId, Network net) {
        Pool pool = POOL.get();
        if (pool.modelId == modelId) {
            pool.idle.add(net);
        }
    }
}

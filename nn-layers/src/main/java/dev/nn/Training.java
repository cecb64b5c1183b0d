package dev.nn;

import dev.nn.layers.Parameter;
import java.util.List;

/**
 * The state of a running fit, as callbacks see it: the network and its optimizer, the epochs the
 * fit runs, and a switch that stops it.
 *
 * <p>Not thread-safe: for the fit's callbacks, on its thread.
 */
public final class Training {
    private final Network network;
    private final Optimizer optimizer;
    private final int lastEpoch;
    private final int batchesPerEpoch;
    private boolean stopping;

    Training(Network network, Optimizer optimizer, int lastEpoch, int batchesPerEpoch) {
        this.network = network;
        this.optimizer = optimizer;
        this.lastEpoch = lastEpoch;
        this.batchesPerEpoch = batchesPerEpoch;
    }

    /**
     * The network being trained.
     *
     * @return the network
     */
    public Network network() {
        return network;
    }

    /**
     * The optimizer taking the steps: a schedule sets its learning rate.
     *
     * @return the optimizer
     */
    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * The number the fit's last epoch will have, if it is not stopped.
     *
     * @return the last epoch's number
     */
    public int lastEpoch() {
        return lastEpoch;
    }

    /**
     * The batches of one epoch.
     *
     * @return the number of batches per epoch
     */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** Stops the fit after the current batch; the epoch it is in then ends there. */
    public void stop() {
        stopping = true;
    }

    /**
     * Whether {@link #stop()} was called.
     *
     * @return true once training is stopping
     */
    public boolean isStopping() {
        return stopping;
    }

    /**
     * A copy of every parameter's values, e.g. the weights of the best epoch so far.
     *
     * @return one array per parameter, in {@link Network#parameters()} order
     */
    public float[][] weights() {
        List<Parameter> parameters = network.parameters();
        float[][] copy = new float[parameters.size()][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = parameters.get(i).value().toArray();
        }
        return copy;
    }

    /**
     * Sets every parameter's values to those of {@link #weights()}, while no prediction reads them.
     *
     * @param values one array per parameter, in {@link Network#parameters()} order
     * @throws IllegalArgumentException if the arrays do not match the parameters in number or length
     */
    public void setWeights(float[][] values) {
        network.setWeights(values);
    }
}

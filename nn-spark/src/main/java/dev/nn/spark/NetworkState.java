package dev.nn.spark;

import dev.nn.Network;
import dev.nn.Optimizer;
import dev.nn.layers.BatchNorm;
import dev.nn.layers.Parameter;
import dev.nn.layers.RunningStatistics;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything training changes in a network, flat: every parameter's values, then every batch
 * normalization's running means and variances, in layer order; and the running statistics' batch
 * counts. When the optimizer's state goes from round to round, it follows: per parameter, its
 * state arrays, and the optimizer's step count. What the driver broadcasts each round and every
 * partition sends back.
 *
 * @param values the parameters' values, then each BatchNorm's means and variances, then each
 *     parameter's optimizer state arrays
 * @param batchCounts each BatchNorm's count of training batches, in layer order
 * @param optimizerArrays how many optimizer state arrays per parameter values holds; 0 when it
 *     holds none, and training starts a new optimizer's state
 * @param optimizerSteps the optimizer's step count (Adam's, for its bias corrections); 0 for none
 */
record NetworkState(float[] values, long[] batchCounts, int optimizerArrays, long optimizerSteps) implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * A copy of the network's state and, unless optimizer is null, of the optimizer's state for
     * the network's parameters.
     *
     * @throws UnsupportedOperationException if the optimizer is not one of nn's, which give out their state
     */
    static NetworkState of(Network net, Optimizer optimizer) {
        List<Parameter> parameters = net.parameters();
        Optimizer.State state = optimizer == null ? null : optimizer.state(parameters);
        int arrays = state == null || parameters.isEmpty() ? 0 : state.arrays().getFirst().length;
        float[] values = new float[size(net) + arrays * parameterValues(net)];
        int at = 0;
        for (Parameter p : parameters) {
            at = copyOut(p.value().data(), p.size(), values, at);
        }
        List<RunningStatistics> statistics = runningStatistics(net);
        long[] counts = new long[statistics.size()];
        for (int i = 0; i < counts.length; i++) {
            RunningStatistics s = statistics.get(i);
            at = copyOut(s.mean().data(), s.mean().size(), values, at);
            at = copyOut(s.variance().data(), s.variance().size(), values, at);
            counts[i] = s.batches();
        }
        for (int i = 0; i < parameters.size() && arrays > 0; i++) {
            for (float[] a : state.arrays().get(i)) {
                at = copyOut(a, parameters.get(i).size(), values, at);
            }
        }
        return new NetworkState(values, counts, arrays, state == null ? 0 : state.steps());
    }

    /** Sets the network's parameters and running statistics to this state; the network must be of the same architecture. */
    void copyInto(Network net) {
        int expected = size(net) + optimizerArrays * parameterValues(net);
        if (values.length != expected) {
            throw new IllegalStateException("a state of " + values.length + " values cannot go into a network of "
                    + expected);
        }
        int at = 0;
        for (Parameter p : net.parameters()) {
            at = copyIn(values, at, p.value().data(), p.size());
        }
        List<RunningStatistics> statistics = runningStatistics(net);
        for (int i = 0; i < batchCounts.length; i++) {
            RunningStatistics s = statistics.get(i);
            at = copyIn(values, at, s.mean().data(), s.mean().size());
            at = copyIn(values, at, s.variance().data(), s.variance().size());
            s.setBatches(batchCounts[i]);
        }
    }

    /**
     * Sets the optimizer's state for the network's parameters to the one this state holds, if it
     * holds one; otherwise the optimizer keeps its own (a new one's: zero).
     */
    void copyInto(Optimizer optimizer, Network net) {
        if (optimizerArrays == 0) {
            return;
        }
        List<Parameter> parameters = net.parameters();
        List<float[][]> arrays = new ArrayList<>(parameters.size());
        int at = size(net);
        for (Parameter p : parameters) {
            float[][] a = new float[optimizerArrays][];
            for (int s = 0; s < optimizerArrays; s++) {
                a[s] = Arrays.copyOfRange(values, at, at + p.size());
                at += p.size();
            }
            arrays.add(a);
        }
        optimizer.setState(parameters, new Optimizer.State(optimizerSteps, arrays));
    }

    /**
     * The element-wise mean of the states, summed in list order in double precision, so that the
     * same list gives the same bits whatever order the partitions finished in. The batch counts
     * and the optimizer's step count are the first state's: every partition trains the same number
     * of steps from the same state.
     */
    static NetworkState average(List<NetworkState> states) {
        int n = states.getFirst().values.length;
        double[] sum = new double[n];
        for (NetworkState s : states) {
            float[] v = s.values;
            for (int i = 0; i < n; i++) {
                sum[i] += v[i];
            }
        }
        float[] mean = new float[n];
        for (int i = 0; i < n; i++) {
            mean[i] = (float) (sum[i] / states.size());
        }
        NetworkState first = states.getFirst();
        return new NetworkState(mean, first.batchCounts.clone(), first.optimizerArrays, first.optimizerSteps);
    }

    /** The values of the parameters and running statistics, without the optimizer's. */
    private static int size(Network net) {
        int n = parameterValues(net);
        for (RunningStatistics s : runningStatistics(net)) {
            n += s.mean().size() + s.variance().size();
        }
        return n;
    }

    private static List<RunningStatistics> runningStatistics(Network net) {
        return net.layers().stream().filter(l -> l instanceof BatchNorm).map(l -> ((BatchNorm) l).runningStatistics())
                .toList();
    }

    /** The values of all parameters together: the length of one optimizer state array per parameter, end to end. */
    private static int parameterValues(Network net) {
        int n = 0;
        for (Parameter p : net.parameters()) {
            n += p.size();
        }
        return n;
    }

    private static int copyOut(float[] from, int length, float[] to, int at) {
        System.arraycopy(from, 0, to, at, length);
        return at + length;
    }

    private static int copyIn(float[] from, int at, float[] to, int length) {
        System.arraycopy(from, at, to, 0, length);
        return at + length;
    }
}

package dev.nn.spark;

import dev.nn.Network;
import dev.nn.layers.BatchNorm;
import dev.nn.layers.Parameter;
import dev.nn.layers.RunningStatistics;
import java.io.Serializable;
import java.util.List;

/**
 * Everything training changes in a network, flat: every parameter's values, then every batch
 * normalization's running means and variances, in layer order; and the running statistics' batch
 * counts. What the driver broadcasts each round and every partition sends back.
 *
 * @param values the parameters' values, then each BatchNorm's means and variances
 * @param batchCounts each BatchNorm's count of training batches, in layer order
 */
record NetworkState(float[] values, long[] batchCounts) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A copy of the network's state. */
    static NetworkState of(Network net) {
        float[] values = new float[size(net)];
        int at = 0;
        for (Parameter p : net.parameters()) {
            System.arraycopy(p.value().data(), 0, values, at, p.size());
            at += p.size();
        }
        List<RunningStatistics> statistics = runningStatistics(net);
        long[] counts = new long[statistics.size()];
        for (int i = 0; i < counts.length; i++) {
            RunningStatistics s = statistics.get(i);
            at = copyOut(s.mean().data(), values, at);
            at = copyOut(s.variance().data(), values, at);
            counts[i] = s.batches();
        }
        return new NetworkState(values, counts);
    }

    /** Sets the network's parameters and running statistics to this state; the network must be of the same architecture. */
    void copyInto(Network net) {
        if (values.length != size(net)) {
            throw new IllegalStateException("a state of " + values.length + " values cannot go into a network of "
                    + size(net));
        }
        int at = 0;
        for (Parameter p : net.parameters()) {
            System.arraycopy(values, at, p.value().data(), 0, p.size());
            at += p.size();
        }
        List<RunningStatistics> statistics = runningStatistics(net);
        for (int i = 0; i < batchCounts.length; i++) {
            RunningStatistics s = statistics.get(i);
            at = copyIn(values, at, s.mean().data());
            at = copyIn(values, at, s.variance().data());
            s.setBatches(batchCounts[i]);
        }
    }

    /**
     * The element-wise mean of the states, summed in list order in double precision, so that the
     * same list gives the same bits whatever order the partitions finished in. The batch counts
     * are the first state's: every partition trains the same number of steps.
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
        return new NetworkState(mean, states.getFirst().batchCounts.clone());
    }

    private static int size(Network net) {
        int n = 0;
        for (Parameter p : net.parameters()) {
            n += p.size();
        }
        for (RunningStatistics s : runningStatistics(net)) {
            n += s.mean().size() + s.variance().size();
        }
        return n;
    }

    private static List<RunningStatistics> runningStatistics(Network net) {
        return net.layers().stream().filter(l -> l instanceof BatchNorm).map(l -> ((BatchNorm) l).runningStatistics())
                .toList();
    }

    private static int copyOut(float[] from, float[] to, int at) {
        System.arraycopy(from, 0, to, at, from.length);
        return at + from.length;
    }

    private static int copyIn(float[] from, int at, float[] to) {
        System.arraycopy(from, at, to, 0, to.length);
        return at + to.length;
    }
}

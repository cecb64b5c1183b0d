package dev.nn.data;

import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import java.util.Arrays;

/**
 * A data set cut into training, validation and test samples at random, reproducibly for a seed.
 *
 * <p>The parts' sizes come from cumulative rounding, so that they always add up to N: the training
 * part holds {@code round(N·train)} samples, the first two parts {@code round(N·(train + validation))},
 * the test part the rest. A {@linkplain #stratified stratified} split does this for each class, so
 * each part holds each class in the same proportion as the whole, to within one sample.
 *
 * <pre>{@code
 * Split split = Split.stratified(iris.data(), 42, 0.7, 0.15, 0.15);
 * }</pre>
 *
 * <p>Immutable (as its data sets are), so safe to share between threads.
 *
 * @param train the samples to fit on
 * @param validation the samples to choose settings by
 * @param test the samples to report on
 */
public record Split(DataSet train, DataSet validation, DataSet test) {
    /**
     * Samples drawn at random into the three parts, each holding copies.
     *
     * @param data the samples
     * @param seed the seed of the draw: the same seed gives the same parts
     * @param train the fraction for training, above 0
     * @param validation the fraction for validation, above 0
     * @param test the fraction for testing, above 0; the three add up to 1
     * @return the parts
     * @throws IllegalArgumentException if a fraction is not above 0, they do not add up to 1, or a
     *     part would be empty
     */
    public static Split random(DataSet data, long seed, double train, double validation, double test) {
        checkFractions(train, validation, test);
        int[] order = identity(data.size());
        new Rng(seed).shuffle(order);
        int[] cut = cuts(data.size(), train, validation);
        return new Split(part(data, order, 0, cut[0], "training"), part(data, order, cut[0], cut[1], "validation"),
                part(data, order, cut[1], data.size(), "test"));
    }

    /**
     * Like {@link #random}, but each class is split on its own, so that each part holds the same
     * proportion of each class (to within one sample). Within a part the classes are shuffled together.
     *
     * @param data the samples, with one-hot targets [N, classes]
     * @param seed the seed of the draw: the same seed gives the same parts
     * @param train the fraction for training, above 0
     * @param validation the fraction for validation, above 0
     * @param test the fraction for testing, above 0; the three add up to 1
     * @return the parts
     * @throws IllegalArgumentException if the targets are not one-hot rows, a fraction is not above
     *     0, they do not add up to 1, or a part would be empty
     */
    public static Split stratified(DataSet data, long seed, double train, double validation, double test) {
        checkFractions(train, validation, test);
        int[] classOf = classes(data.targets());
        int classes = data.targets().dim(1);
        Rng rng = new Rng(seed);
        int[][] parts = {new int[data.size()], new int[data.size()], new int[data.size()]};
        int[] filled = new int[3];
        for (int c = 0; c < classes; c++) {
            int[] members = membersOf(classOf, c);
            rng.shuffle(members);
            int[] cut = cuts(members.length, train, validation);
            int[] from = {0, cut[0], cut[1]};
            int[] to = {cut[0], cut[1], members.length};
            for (int p = 0; p < 3; p++) {
                System.arraycopy(members, from[p], parts[p], filled[p], to[p] - from[p]);
                filled[p] += to[p] - from[p];
            }
        }
        String[] names = {"training", "validation", "test"};
        DataSet[] sets = new DataSet[3];
        for (int p = 0; p < 3; p++) {
            int[] order = Arrays.copyOf(parts[p], filled[p]);
            // Class by class until shuffled, which would make slices of a part one-sided.
            rng.shuffle(order);
            sets[p] = part(data, order, 0, order.length, names[p]);
        }
        return new Split(sets[0], sets[1], sets[2]);
    }

    private static void checkFractions(double train, double validation, double test) {
        if (!(train > 0 && validation > 0 && test > 0) || Math.abs(train + validation + test - 1) > 1e-9) {
            throw new IllegalArgumentException("fractions " + train + ", " + validation + ", " + test
                    + " must each be above 0 and add up to 1");
        }
    }

    /** Where the training part ends and where the validation part ends, for n samples. */
    private static int[] cuts(int n, double train, double validation) {
        return new int[] {(int) Math.round(n * train), (int) Math.round(n * (train + validation))};
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        Arrays.setAll(a, i -> i);
        return a;
    }

    private static int[] classes(Tensor targets) {
        if (targets.rank() != 2) {
            throw new IllegalArgumentException("a stratified split needs one-hot targets [N, classes], not "
                    + Arrays.toString(targets.shape()));
        }
        int n = targets.dim(0);
        int classes = targets.dim(1);
        float[] t = targets.data();
        int[] classOf = new int[n];
        for (int i = 0; i < n; i++) {
            int c = OneHot.argmax(t, i * classes, classes);
            float sum = 0;
            for (int j = 0; j < classes; j++) {
                sum += t[i * classes + j];
            }
            if (t[i * classes + c] != 1 || sum != 1) {
                throw new IllegalArgumentException("a stratified split needs one-hot targets, but sample " + i
                        + " is " + Arrays.toString(Arrays.copyOfRange(t, i * classes, (i + 1) * classes)));
            }
            classOf[i] = c;
        }
        return classOf;
    }

    private static int[] membersOf(int[] classOf, int c) {
        return Arrays.stream(identity(classOf.length)).filter(i -> classOf[i] == c).toArray();
    }

    /** Copies of the samples {@code order[from .. to)}. */
    private static DataSet part(DataSet data, int[] order, int from, int to, String name) {
        if (from >= to) {
            throw new IllegalArgumentException("the " + name + " part of " + data.size()
                    + " samples would be empty: use more samples or a larger fraction");
        }
        return new DataSet(rows(data.inputs(), order, from, to), rows(data.targets(), order, from, to));
    }

    private static Tensor rows(Tensor t, int[] order, int from, int to) {
        int row = t.size() / t.dim(0);
        float[] out = new float[(to - from) * row];
        for (int r = from; r < to; r++) {
            System.arraycopy(t.data(), order[r] * row, out, (r - from) * row, row);
        }
        int[] shape = t.shape();
        shape[0] = to - from;
        return Tensor.wrap(out, shape);
    }
}

package dev.nn.data;

import static dev.nn.data.TestData.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Random and stratified splits: reproducible, exact sizes, disjoint, covering, pairs kept, class proportions. */
class SplitTest {
    /** Sample i has input i and, with k classes, class i % k or the class given by {@code classOf}. */
    private static DataSet labelled(int[] classOf, int classes) {
        float[] x = new float[classOf.length];
        float[] labels = new float[classOf.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
            labels[i] = classOf[i];
        }
        return new DataSet(Tensor.wrap(x, x.length, 1), OneHot.encode(Tensor.wrap(labels, x.length), classes));
    }

    private static DataSet cycling(int n, int classes) {
        int[] classOf = new int[n];
        Arrays.setAll(classOf, i -> i % classes);
        return labelled(classOf, classes);
    }

    private static float[] inputs(DataSet d) {
        return d.inputs().toArray();
    }

    private static List<DataSet> parts(Split s) {
        return List.of(s.train(), s.validation(), s.test());
    }

    /** Every sample once across the parts, each still with its own target. */
    private static void assertPartition(DataSet all, Split s) {
        float[] seen = new float[0];
        for (DataSet part : parts(s)) {
            float[] x = inputs(part);
            for (int r = 0; r < x.length; r++) {
                int sample = (int) x[r];
                assertArrayEquals(Arrays.copyOfRange(all.targets().toArray(), sample * all.targetShape()[0],
                        (sample + 1) * all.targetShape()[0]), Arrays.copyOfRange(part.targets().toArray(),
                        r * all.targetShape()[0], (r + 1) * all.targetShape()[0]), "target of sample " + sample);
            }
            float[] joined = Arrays.copyOf(seen, seen.length + x.length);
            System.arraycopy(x, 0, joined, seen.length, x.length);
            seen = joined;
        }
        Arrays.sort(seen);
        float[] expected = new float[all.size()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = i;
        }
        assertArrayEquals(expected, seen);
    }

    private static int[] classesOf(DataSet d, int classes) {
        int[] c = new int[d.size()];
        Arrays.setAll(c, r -> OneHot.argmax(d.targets().data(), r * classes, classes));
        return c;
    }

    private static int[] sizes(Split s) {
        return parts(s).stream().mapToInt(DataSet::size).toArray();
    }

    @Test
    void randomSplitsAreExactDisjointCoveringAndReproducible() {
        DataSet all = cycling(100, 3);
        Split s = Split.random(all, 42, 0.7, 0.15, 0.15);
        assertArrayEquals(new int[] {70, 15, 15}, sizes(s));
        assertPartition(all, s);
        Split again = Split.random(all, 42, 0.7, 0.15, 0.15);
        for (int p = 0; p < 3; p++) {
            assertArrayEquals(inputs(parts(s).get(p)), inputs(parts(again).get(p)));
        }
        assertFalse(Arrays.equals(inputs(s.train()), inputs(Split.random(all, 43, 0.7, 0.15, 0.15).train())));
        float[] firstTrain = inputs(s.train());
        float[] sorted = firstTrain.clone();
        Arrays.sort(sorted);
        assertFalse(Arrays.equals(sorted, firstTrain), "the samples were not shuffled");
    }

    @Test
    void sizesRoundCumulativelyAndAddUp() {
        assertArrayEquals(new int[] {5, 1, 1}, sizes(Split.random(cycling(7, 2), 1, 0.7, 0.15, 0.15)));
        assertArrayEquals(new int[] {5, 3, 2}, sizes(Split.random(cycling(10, 2), 1, 0.5, 0.3, 0.2)));
        assertArrayEquals(new int[] {1, 1, 1}, sizes(Split.random(cycling(3, 2), 1, 1 / 3.0, 1 / 3.0, 1 / 3.0)));
    }

    @Test
    void stratifiedSplitsKeepEachClasssProportion() {
        int[] counts = {37, 23, 11, 1};
        int[] classOf = new int[72];
        for (int c = 0, i = 0; c < counts.length; c++) {
            for (int k = 0; k < counts[c]; k++) {
                classOf[i++] = c;
            }
        }
        DataSet all = labelled(classOf, counts.length);
        double[] fractions = {0.6, 0.25, 0.15};
        Split s = Split.stratified(all, 5, fractions[0], fractions[1], fractions[2]);
        assertPartition(all, s);
        for (int p = 0; p < 3; p++) {
            float[] t = parts(s).get(p).targets().toArray();
            for (int c = 0; c < counts.length; c++) {
                int n = 0;
                for (int r = 0; r < t.length / counts.length; r++) {
                    n += (int) t[r * counts.length + c];
                }
                assertTrue(Math.abs(n - counts[c] * fractions[p]) <= 1,
                        "part " + p + " holds " + n + " of class " + c + "'s " + counts[c]);
            }
        }
        assertArrayEquals(inputs(s.test()), inputs(Split.stratified(all, 5, 0.6, 0.25, 0.15).test()));
        int[] trainClasses = classesOf(s.train(), counts.length);
        int[] grouped = trainClasses.clone();
        Arrays.sort(grouped);
        assertFalse(Arrays.equals(grouped, trainClasses), "the classes of a part were left one after another");
    }

    @Test
    void badFractionsAndTargetsAreRefused() {
        DataSet all = cycling(10, 2);
        assertMessage(IllegalArgumentException.class, () -> Split.random(all, 1, 0.7, 0.2, 0.2), "add up to 1");
        assertMessage(IllegalArgumentException.class, () -> Split.random(all, 1, 1, 0, 0), "above 0");
        assertMessage(IllegalArgumentException.class, () -> Split.random(all, 1, 0.9, 0.04, 0.06),
                "validation part of 10 samples would be empty");
        DataSet regression = new DataSet(Tensor.wrap(new float[] {1, 2, 3}, 3, 1), Tensor.wrap(new float[] {0.5f, 1, 0}, 3, 1));
        assertMessage(IllegalArgumentException.class, () -> Split.stratified(regression, 1, 0.4, 0.3, 0.3),
                "one-hot targets", "sample 0 is [0.5]");
        DataSet flat = new DataSet(Tensor.wrap(new float[] {1, 2, 3}, 3, 1), Tensor.wrap(new float[] {0, 1, 0}, 3));
        assertMessage(IllegalArgumentException.class, () -> Split.stratified(flat, 1, 0.4, 0.3, 0.3),
                "one-hot targets [N, classes], not [3]");
    }
}

package dev.nn.spark;

import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import dev.nn.data.DataSet;
import java.io.Serializable;
import java.util.Arrays;

/**
 * One partition's samples, checked and packed: what each partition of the training data is turned
 * into once, cached, and trained from every round.
 */
final class SampleBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int partition;
    private final int featureLength;  // 0 when the block is empty
    private final float[] features;   // [size, featureLength]
    private final int[] labels;       // [size]

    private SampleBlock(int partition, int featureLength, float[] features, int[] labels) {
        this.partition = partition;
        this.featureLength = featureLength;
        this.features = features;
        this.labels = labels;
    }

    /**
     * What the driver checks before training: sizes, feature lengths and the largest label.
     *
     * @param partition the partition's index
     * @param size its samples
     * @param featureLength the features per sample, 0 if it has none
     * @param maxLabel its largest label, −1 if it has no samples
     * @param maxLabelSample the index in the partition of the sample with that label
     */
    record Summary(int partition, int size, int featureLength, int maxLabel, int maxLabelSample) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    Summary summary() {
        int at = 0;
        for (int i = 1; i < labels.length; i++) {
            if (labels[i] > labels[at]) {
                at = i;
            }
        }
        return new Summary(partition, labels.length, featureLength, labels.length == 0 ? -1 : labels[at], at);
    }

    int size() {
        return labels.length;
    }

    /**
     * The samples of {@code steps} batches from step {@code firstStep} on: the partition's
     * samples form an endless stream of passes, each in its own order shuffled from (seed, pass,
     * partition), and step s takes the batchSize samples from s × batchSize on. Every step thus
     * gets a full batch, and a round's data depends only on its first step, not on the tasks
     * before it.
     */
    DataSet stepsFrom(long seed, long firstStep, int steps, int batchSize, int[] inputShape, int classes) {
        int n = labels.length;
        int count = steps * batchSize;
        float[] x = new float[count * featureLength];
        float[] y = new float[count * classes];
        long pass = -1;
        int[] order = null;
        for (int i = 0; i < count; i++) {
            long t = firstStep * batchSize + i;
            if (t / n != pass) {
                pass = t / n;
                order = passOrder(seed, pass);
            }
            int sample = order[(int) (t % n)];
            System.arraycopy(features, sample * featureLength, x, i * featureLength, featureLength);
            y[i * classes + labels[sample]] = 1f;
        }
        int[] shape = new int[inputShape.length + 1];
        shape[0] = count;
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        return new DataSet(Tensor.wrap(x, shape), Tensor.wrap(y, count, classes));
    }

    private int[] passOrder(long seed, long pass) {
        int[] order = new int[labels.length];
        Arrays.setAll(order, i -> i);
        new Rng(Seeds.of(seed, Seeds.ORDER, pass, partition)).shuffle(order);
        return order;
    }

    /**
     * Packs a partition's samples as they come, checking each: the same number of features as the
     * partition's first, every value finite, a label that is a class index. Errors name the
     * partition and the sample's index in it.
     */
    static final class Builder {
        private final int partition;
        private int featureLength = -1;
        private float[] features = new float[0];
        private int[] labels = new int[16];
        private int size;

        Builder(int partition) {
            this.partition = partition;
        }

        /** Adds a sample; the features are copied. */
        void add(float[] sampleFeatures, double label) {
            if (featureLength < 0) {
                if (sampleFeatures.length == 0) {
                    throw new IllegalArgumentException(where() + " has no features");
                }
                featureLength = sampleFeatures.length;
                features = new float[16 * featureLength];
            } else if (sampleFeatures.length != featureLength) {
                throw new IllegalArgumentException(where() + " has " + sampleFeatures.length
                        + " features, but the partition's first sample has " + featureLength);
            }
            for (int i = 0; i < featureLength; i++) {
                if (!Float.isFinite(sampleFeatures[i])) {
                    throw new IllegalArgumentException(where() + ", feature " + i + ": " + sampleFeatures[i]
                            + " (every feature must be a finite number)");
                }
            }
            if (!(label >= 0 && label <= Integer.MAX_VALUE && label == Math.rint(label))) {
                throw new IllegalArgumentException(where() + ": label " + label
                        + " is not a class index (a whole number from 0)");
            }
            if (size == labels.length) {
                labels = Arrays.copyOf(labels, 2 * size);
                features = Arrays.copyOf(features, 2 * size * featureLength);
            }
            System.arraycopy(sampleFeatures, 0, features, size * featureLength, featureLength);
            labels[size++] = (int) label;
        }

        private String where() {
            return "partition " + partition + ", sample " + size;
        }

        SampleBlock build() {
            return new SampleBlock(partition, Math.max(featureLength, 0), Arrays.copyOf(features, size * Math.max(featureLength, 0)),
                    Arrays.copyOf(labels, size));
        }
    }
}

package dev.nn.spark;

import dev.nn.Network;
import java.util.Arrays;
import java.util.List;

/**
 * What the partitions' summaries say about the data, checked against the network on the driver
 * before training starts.
 *
 * @param inputShape the shape each sample's features go into the network in
 * @param classes the network's number of outputs
 * @param largestPartition the most samples a partition holds
 */
record DataShape(int[] inputShape, int classes, int largestPartition) {

    /**
     * Checks that the partitions hold samples, all of one length that the input shape (if given)
     * and the network take, whose network output is a vector of classes every label falls in.
     */
    static DataShape check(List<SampleBlock.Summary> partitions, Network network, int[] inputShape) {
        SampleBlock.Summary first = partitions.stream().filter(p -> p.size() > 0).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the training data has no samples (in "
                        + partitions.size() + " partitions)"));
        int largest = 0;
        for (SampleBlock.Summary p : partitions) {
            if (p.size() > 0 && p.featureLength() != first.featureLength()) {
                throw new IllegalArgumentException("partition " + p.partition() + " holds samples of "
                        + p.featureLength() + " features, partition " + first.partition() + " of " + first.featureLength());
            }
            largest = Math.max(largest, p.size());
        }
        int[] shape = inputShape != null ? inputShape : new int[] {first.featureLength()};
        if (Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b) != first.featureLength()) {
            throw new IllegalArgumentException("the input shape " + Arrays.toString(shape) + " does not hold the "
                    + first.featureLength() + " features of each sample");
        }
        int[] output;
        try {
            output = network.outputShape(shape);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the samples, of " + first.featureLength() + " features as "
                    + Arrays.toString(shape) + ", do not fit the network: " + e.getMessage(), e);
        }
        if (output.length != 1) {
            throw new IllegalArgumentException("the network's output per sample is " + Arrays.toString(output)
                    + "; training on class labels needs a vector of one score per class");
        }
        for (SampleBlock.Summary p : partitions) {
            if (p.maxLabel() >= output[0]) {
                throw new IllegalArgumentException("partition " + p.partition() + ", sample " + p.maxLabelSample()
                        + ": label " + p.maxLabel() + " is not a class of the network, whose " + output[0]
                        + " outputs are classes 0 to " + (output[0] - 1));
            }
        }
        return new DataShape(shape, output[0], largest);
    }
}

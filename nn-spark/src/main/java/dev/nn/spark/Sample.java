package dev.nn.spark;

import java.io.Serializable;

/**
 * One training sample of a classification: its features and the index of its class.
 *
 * <p>The features are held, not copied; leave them unchanged once the sample is made.
 *
 * @param features the input values, as many as the network's input holds (checked when training
 *     starts, as are the values: every one must be finite)
 * @param label the class, from 0 to the network's number of outputs − 1
 */
public record Sample(float[] features, int label) implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Checks that there are features.
     *
     * @param features the input values
     * @param label the class index
     * @throws IllegalArgumentException if features is null
     */
    public Sample {
        if (features == null) {
            throw new IllegalArgumentException("a sample's features are null (label " + label + ")");
        }
    }
}

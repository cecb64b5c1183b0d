package dev.nn.spark;

import java.io.Serializable;

/**
 * What one partition's task sends back from a round.
 *
 * @param state the weights and running statistics after its steps
 * @param lossSum the sum over its samples of the loss before each step
 * @param correct how many of its samples were classified right before each step
 * @param samples how many samples it trained on
 * @param trainingNanos how long its steps took
 */
record RoundResult(NetworkState state, double lossSum, double correct, long samples, long trainingNanos)
        implements Serializable {
    private static final long serialVersionUID = 1L;
}

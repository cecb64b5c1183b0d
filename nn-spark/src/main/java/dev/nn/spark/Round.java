package dev.nn.spark;

import java.io.Serializable;

/**
 * Which steps a round trains: every partition takes steps {@code firstStep} to
 * {@code firstStep + steps − 1} of its own stream of batches.
 *
 * @param index the round, from 0
 * @param epoch the epoch it belongs to, from 1
 * @param firstStep each partition's first step in it, counted over the whole training
 * @param steps how many steps, k but for an epoch's last round, which takes the steps left
 */
record Round(int index, int epoch, long firstStep, int steps) implements Serializable {
    private static final long serialVersionUID = 1L;
}

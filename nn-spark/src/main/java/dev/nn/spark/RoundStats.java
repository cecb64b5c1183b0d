package dev.nn.spark;

import java.util.List;
import java.util.Locale;

/**
 * What one round of {@link SparkTrainer#fit} did: every partition trained its k steps from the
 * round's weights, and the driver averaged them.
 *
 * @param round the round, from 1
 * @param epoch the epoch the round belongs to, from 1
 * @param loss the mean training loss over the round's samples, before each step
 * @param accuracy the fraction of the round's training samples classified right, before each step
 * @param samples the samples trained on, over all partitions
 * @param seconds the round's wall time on the driver: broadcast, tasks, collect and averaging
 * @param trainingSeconds the longest time a partition spent training (the round's critical path);
 *     the rest of {@link #seconds} is Spark's overhead and the averaging
 */
public record RoundStats(int round, int epoch, double loss, double accuracy, long samples, double seconds,
                         double trainingSeconds) {

    /** The figures of a round from its partitions' results and its wall time. */
    static RoundStats of(Round round, List<RoundResult> results, long nanos) {
        double lossSum = 0, correct = 0;
        long samples = 0, longestTraining = 0;
        for (RoundResult r : results) {
            lossSum += r.lossSum();
            correct += r.correct();
            samples += r.samples();
            longestTraining = Math.max(longestTraining, r.trainingNanos());
        }
        return new RoundStats(round.index() + 1, round.epoch(), lossSum / samples, correct / samples, samples,
                nanos / 1e9, longestTraining / 1e9);
    }

    /**
     * Training samples per second of wall time.
     *
     * @return samples divided by seconds
     */
    public double samplesPerSecond() {
        return samples / seconds;
    }

    /**
     * The round's time outside training: scheduling, the weights' transfer both ways, averaging.
     *
     * @return seconds minus trainingSeconds
     */
    public double overheadSeconds() {
        return seconds - trainingSeconds;
    }

    /** One line: round, epoch, loss, accuracy, samples/s, and the wall and training times. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "round %d (epoch %d): loss %.4f, accuracy %.4f, %.0f samples/s, %.1f ms (%.1f ms training)",
                round, epoch, loss, accuracy, samplesPerSecond(), seconds * 1e3, trainingSeconds * 1e3);
    }
}

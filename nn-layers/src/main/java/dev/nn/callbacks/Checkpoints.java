package dev.nn.callbacks;

import dev.nn.Callback;
import dev.nn.EpochStats;
import dev.nn.Metric;
import dev.nn.Training;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Saves a checkpoint ({@link dev.nn.Network#saveCheckpoint}) at the end of every epoch, or only of
 * the epochs that improve a metric, replacing the file atomically each time. {@link dev.nn.Network#load}
 * resumes training from it exactly.
 *
 * <p>Not thread-safe: use one per fit.
 */
public final class Checkpoints implements Callback {
    private final Path file;
    private final Metric metric; // null: every epoch
    private double best;

    private Checkpoints(Path file, Metric metric) {
        if (file == null) {
            throw new IllegalArgumentException("the checkpoint file is null");
        }
        this.file = file;
        this.metric = metric;
    }

    /**
     * A checkpoint after every epoch.
     *
     * @param file the file, replaced every epoch
     * @return the callback
     * @throws IllegalArgumentException if file is null
     */
    public static Checkpoints everyEpoch(Path file) {
        return new Checkpoints(file, null);
    }

    /**
     * A checkpoint after each epoch that improves the metric: the file holds the best epoch so far.
     *
     * @param file the file, replaced at each improvement
     * @param metric the metric that decides which epoch is best
     * @return the callback
     * @throws IllegalArgumentException if file or metric is null
     */
    public static Checkpoints bestOnly(Path file, Metric metric) {
        if (metric == null) {
            throw new IllegalArgumentException("the metric is null");
        }
        return new Checkpoints(file, metric);
    }

    @Override
    public void onTrainingStart(Training training) {
        best = Double.NaN;
    }

    @Override
    public void onEpochEnd(Training training, EpochStats epoch) {
        if (metric != null) {
            double value = metric.of(epoch);
            if (!metric.improves(value, best, 0)) {
                return;
            }
            best = value;
        }
        try {
            training.network().saveCheckpoint(file);
        } catch (IOException e) {
            throw new UncheckedIOException("epoch " + epoch.epoch() + ": could not save the checkpoint " + file
                    + ": " + e.getMessage(), e);
        }
    }
}

package dev.nn.callbacks;

import de.siegmar.fastcsv.writer.CsvWriter;
import dev.nn.Callback;
import dev.nn.EpochStats;
import dev.nn.History;
import dev.nn.Training;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes one row per epoch to a CSV file, as it ends (flushed, so a running fit can be watched):
 * {@code epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds,skipped_batches}; a
 * missing validation figure is an empty cell. The file is replaced when training starts.
 *
 * <p>Not thread-safe: use one per fit.
 */
public final class CsvLog implements Callback {
    private final Path file;
    private CsvWriter writer;

    /**
     * A log written to {@code file}.
     *
     * @param file the CSV file
     * @throws IllegalArgumentException if file is null
     */
    public CsvLog(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("the log file is null");
        }
        this.file = file;
    }

    @Override
    public void onTrainingStart(Training training) {
        try {
            writer = CsvWriter.builder().autoFlush(true).build(file);
            writer.writeRecord("epoch", "loss", "accuracy", "val_loss", "val_accuracy", "learning_rate", "seconds",
                    "skipped_batches");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the training log " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onEpochEnd(Training training, EpochStats e) {
        writer.writeRecord(Integer.toString(e.epoch()), number(e.loss()), number(e.accuracy()),
                number(e.validationLoss()), number(e.validationAccuracy()), number(e.learningRate()),
                number(e.seconds()), Integer.toString(e.skippedBatches()));
    }

    @Override
    public void onTrainingEnd(Training training, History history) {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not close the training log " + file + ": " + e.getMessage(), e);
        }
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.6g", value);
    }
}

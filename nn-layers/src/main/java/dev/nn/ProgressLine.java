package dev.nn;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;

/**
 * What a fit prints, as Keras's progress bar does. Live (on a terminal): {@code Epoch 3/10}, then
 * one line redrawn with a carriage return at most 20 times a second —
 * {@code  37/125 [=======>.............] - ETA: 3s - 24ms/step - loss: 0.4123 - accuracy: 0.8734} —
 * which at the epoch's end shows the epoch's time and the validation figures. Plain (logs, pipes):
 * one {@link EpochStats} line per epoch, without control characters.
 */
final class ProgressLine implements Callback {
    private static final long REDRAW_NANOS = 50_000_000; // 20 times a second
    private static final int BAR = 30;

    private final PrintStream out;
    private final boolean live;
    private long epochStart;
    private long lastDraw;
    private double lossSum;
    private double rightSum;
    private long samples;
    private int drawnLength;

    ProgressLine(PrintStream out, boolean live) {
        this.out = out;
        this.live = live;
    }

    /** Whether standard output is an interactive terminal. */
    static boolean onTerminal() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }

    @Override
    public void onEpochStart(Training training, int epoch) {
        epochStart = System.nanoTime();
        lastDraw = 0;
        lossSum = 0;
        rightSum = 0;
        samples = 0;
        drawnLength = 0;
        if (live) {
            out.println("Epoch " + epoch + "/" + training.lastEpoch());
        }
    }

    @Override
    public void onBatchEnd(Training training, BatchStats batch) {
        if (!batch.skipped()) {
            lossSum += batch.loss() * batch.samples();
            rightSum += batch.accuracy() * batch.samples();
            samples += batch.samples();
        }
        long now = System.nanoTime();
        if (live && now - lastDraw >= REDRAW_NANOS && batch.batch() < batch.batches()) {
            lastDraw = now;
            double elapsed = (now - epochStart) / 1e9, perStep = elapsed / batch.batch();
            draw(progress(batch.batch(), batch.batches()) + " - ETA: " + duration(perStep * (batch.batches() - batch.batch()))
                    + " - " + stepTime(perStep) + running());
        }
    }

    @Override
    public void onEpochEnd(Training training, EpochStats epoch) {
        if (!live) {
            out.println(epoch);
            return;
        }
        int batches = training.batchesPerEpoch();
        String validation = Double.isNaN(epoch.validationLoss()) ? ""
                : String.format(Locale.ROOT, " - val_loss: %.4f - val_accuracy: %.4f", epoch.validationLoss(),
                        epoch.validationAccuracy());
        String rate = Double.isNaN(epoch.learningRate()) ? ""
                : String.format(Locale.ROOT, " - lr: %.3g", epoch.learningRate());
        draw(progress(batches, batches) + " - " + duration(epoch.seconds()) + " - " + stepTime(epoch.seconds() / batches)
                + running() + validation + rate);
        out.println();
    }

    private String running() {
        return samples == 0 ? "" : String.format(Locale.ROOT, " - loss: %.4f - accuracy: %.4f", lossSum / samples,
                rightSum / samples);
    }

    /** Redraws the line in place, padding over what a longer previous line left. */
    private void draw(String line) {
        out.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
        out.flush();
        drawnLength = line.length();
    }

    private static String progress(int done, int total) {
        int width = Integer.toString(total).length(), filled = (int) ((long) BAR * done / total);
        String bar = done == total ? "=".repeat(BAR) : "=".repeat(filled) + ">" + ".".repeat(BAR - filled - 1);
        return String.format(Locale.ROOT, "%" + width + "d/%d [%s]", done, total, bar);
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + "s" : s < 3600 ? s / 60 + "m" + s % 60 + "s" : s / 3600 + "h" + s % 3600 / 60 + "m";
    }

    private static String stepTime(double seconds) {
        return seconds >= 1 ? String.format(Locale.ROOT, "%.1fs/step", seconds)
                : seconds >= 1e-3 ? Math.round(seconds * 1e3) + "ms/step" : Math.round(seconds * 1e6) + "us/step";
    }
}

package dev.nn.plot;

import dev.nn.History;
import dev.nn.core.Tensor;
import dev.nn.metrics.ConfusionMatrix;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;

/**
 * Writes pictures of a fit as PNG files: the training curves, the confusion matrix as a heat map,
 * and a grid of predicted images.
 *
 * <p>Draws off screen: loading this class sets {@code java.awt.headless=true} unless the property
 * is already set, so that no display is needed; that only takes effect if AWT has not started yet
 * in this JVM, so a program that uses AWT before should pass {@code -Djava.awt.headless=true}
 * itself (or have a display).
 *
 * <p>Thread-safe: every call draws its own picture.
 */
public final class Plots {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Plots() {
    }

    /**
     * The loss and the accuracy per epoch, side by side: training and, where the fit had validation
     * data, validation.
     *
     * @param history what {@code Network.fit} returned
     * @param png the file to write (replaced if it exists)
     * @throws IOException if the file cannot be written
     */
    public static void trainingCurves(History history, Path png) throws IOException {
        Objects.requireNonNull(history, "history");
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(TrainingCurves.charts(history), 1, 2, out, BitmapFormat.PNG);
        }
    }

    /**
     * The confusion matrix as a heat map: true classes down, predicted classes across, each cell
     * coloured and labelled by its count.
     *
     * @param matrix the counts, e.g. {@code network.evaluate(test).confusion()}
     * @param png the file to write (replaced if it exists)
     * @throws IOException if the file cannot be written
     */
    public static void confusionMatrix(ConfusionMatrix matrix, Path png) throws IOException {
        Objects.requireNonNull(matrix, "matrix");
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(ConfusionHeatMap.chart(matrix), out, BitmapFormat.PNG);
        }
    }

    /**
     * A grid of grayscale images, each labelled "predicted / true", the wrongly predicted ones
     * framed and labelled in red.
     *
     * @param images [N, 1, height, width], 0 black to 1 white (values beyond are clamped)
     * @param predicted the predicted class of each image, e.g. from
     *     {@code network.predictClasses(images)}; −1 (no prediction) counts as wrong
     * @param actual the true class of each image
     * @param names the classes' names, indexed by class, or null to show the indices
     * @param png the file to write (replaced if it exists)
     * @throws IllegalArgumentException if images is not [N, 1, height, width] with N at least 1,
     *     the two class arrays do not have N entries, or a class has no name
     * @throws IOException if the file cannot be written
     */
    public static void predictions(Tensor images, int[] predicted, int[] actual, List<String> names, Path png)
            throws IOException {
        BufferedImage grid = PredictionGrid.draw(images, predicted, actual, names);
        try (OutputStream out = Files.newOutputStream(png)) {
            ImageIO.write(grid, "png", out);
        }
    }
}

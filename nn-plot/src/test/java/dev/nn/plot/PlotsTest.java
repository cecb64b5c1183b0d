package dev.nn.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.FitOptions;
import dev.nn.FitOptions.Verbosity;
import dev.nn.History;
import dev.nn.Loss;
import dev.nn.Network;
import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import dev.nn.data.DataSet;
import dev.nn.data.OneHot;
import dev.nn.layers.Dense;
import dev.nn.metrics.ConfusionMatrix;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each picture is written, decodes as a PNG of the expected size, and shows what it should. */
class PlotsTest {
    /** Pixels of a series' colour that only its line, and not its legend entry, makes. */
    private static final int LINE = 500;

    @TempDir
    Path dir;

    @Test
    void trainingCurvesDrawTheValidationLineOnlyForAFitWithValidationData() throws IOException {
        Path with = dir.resolve("with.png"), without = dir.resolve("without.png");
        Plots.trainingCurves(fit(true), with);
        Plots.trainingCurves(fit(false), without);

        BufferedImage withValidation = read(with), withoutValidation = read(without);
        for (BufferedImage image : List.of(withValidation, withoutValidation)) {
            assertEquals(2 * TrainingCurves.WIDTH, image.getWidth(), "two panels side by side");
            assertEquals(TrainingCurves.HEIGHT, image.getHeight());
            assertTrue(colours(image) > 10, "a near blank picture");
        }
        // A line across both panels is over a thousand pixels of its colour; its legend entry alone, about a hundred.
        assertTrue(count(withValidation, TrainingCurves.TRAINING) > LINE, "no training line");
        assertTrue(count(withValidation, TrainingCurves.VALIDATION) > LINE, "no validation line");
        assertTrue(count(withoutValidation, TrainingCurves.TRAINING) > LINE, "no training line");
        assertEquals(0, count(withoutValidation, TrainingCurves.VALIDATION), "a validation line without validation data");
    }

    @Test
    void theConfusionMatrixIsAHeatMapWhoseFullestCellIsTheDarkest() throws IOException {
        Path png = dir.resolve("confusion.png");
        Plots.confusionMatrix(new ConfusionMatrix(new long[][] {{50, 2, 0}, {3, 40, 7}, {0, 0, 48}},
                List.of("cat", "dog", "bird")), png);

        BufferedImage image = read(png);
        assertEquals(ConfusionHeatMap.WIDTH, image.getWidth());
        assertEquals(ConfusionHeatMap.HEIGHT, image.getHeight());
        assertTrue(colours(image) > 10, "a near blank picture");
        Color darkest = ConfusionHeatMap.RANGE[ConfusionHeatMap.RANGE.length - 1];
        assertTrue(count(image, darkest) > 1000, "no cell in the colour of the largest count");
    }

    @Test
    void thePredictionGridFramesTheWrongPredictionsInRed() throws IOException {
        int n = PredictionGrid.COLUMNS, h = 28, w = 28;
        Tensor images = Tensor.uniform(new Rng(1), 0f, 1f, n, 1, h, w);
        int[] actual = {0, 1, 2, 3, 4};
        int[] predicted = {0, 7, 2, -1, 4}; // the second wrong, the fourth without a prediction
        Path png = dir.resolve("predictions.png");
        Plots.predictions(images, predicted, actual, null, png);

        BufferedImage image = read(png);
        assertTrue(colours(image) > 100, "the images are missing");
        int tileWidth = image.getWidth() / n;
        for (int i = 0; i < n; i++) {
            long red = count(image.getSubimage(i * tileWidth, 0, tileWidth, image.getHeight()), PredictionGrid.WRONG);
            if (predicted[i] == actual[i]) {
                assertEquals(0, red, "tile " + i + " is right but marked");
            } else {
                // The frame alone: four sides of FRAME pixels around the scaled image.
                assertTrue(red > 4L * PredictionGrid.FRAME * h * PredictionGrid.SCALE, "tile " + i + " is wrong but not marked");
            }
        }
    }

    @Test
    void thePredictionGridWrapsIntoRowsAndUsesTheNames() throws IOException {
        Tensor images = Tensor.zeros(7, 1, 4, 4);
        int[] classes = {0, 1, 0, 1, 0, 1, 0};
        Path png = dir.resolve("rows.png");
        Plots.predictions(images, classes, classes, List.of("a long class name", "b"), png);

        BufferedImage image = read(png);
        BufferedImage small = read(write(Tensor.zeros(7, 1, 4, 4), classes, List.of("a", "b")));
        assertTrue(image.getWidth() > small.getWidth(), "the tiles do not widen for a long name");
        assertEquals(0, count(image, PredictionGrid.WRONG));
        // Two rows of tiles under the title: taller than one row of five would be.
        BufferedImage oneRow = read(write(Tensor.zeros(5, 1, 4, 4), new int[] {0, 1, 0, 1, 0}, List.of("a", "b")));
        assertTrue(small.getHeight() > oneRow.getHeight(), "seven images in one row");
    }

    @Test
    void thePredictionGridRefusesBadInput() {
        Tensor images = Tensor.zeros(2, 1, 4, 4);
        assertMessage("[N, 1, height, width]", () -> Plots.predictions(Tensor.zeros(2, 3, 4, 4), new int[2], new int[2], null, dir.resolve("x.png")));
        assertMessage("[N, 1, height, width]", () -> Plots.predictions(Tensor.zeros(2, 16), new int[2], new int[2], null, dir.resolve("x.png")));
        assertMessage("2 images but 3 predicted", () -> Plots.predictions(images, new int[3], new int[2], null, dir.resolve("x.png")));
        assertMessage("class 2 has no name", () -> Plots.predictions(images, new int[] {0, 2}, new int[2], List.of("a", "b"), dir.resolve("x.png")));
        assertFalse(Files.exists(dir.resolve("x.png")), "a refused grid left a file");
    }

    private Path write(Tensor images, int[] classes, List<String> names) throws IOException {
        Path png = Files.createTempFile(dir, "grid", ".png");
        Plots.predictions(images, classes, classes, names, png);
        return png;
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /** Three epochs of a small classifier on random data, with or without validation data. */
    private static History fit(boolean validation) {
        Rng rng = new Rng(7);
        Tensor x = Tensor.uniform(rng, -1f, 1f, 64, 4);
        float[] labels = new float[64];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = x.data()[4 * i] > 0 ? 1 : 0;
        }
        DataSet data = new DataSet(x, OneHot.encode(Tensor.wrap(labels, 64), 2));
        Network net = new Network(3).add(new Dense(4, 2)).use(Loss.softmaxCrossEntropy());
        return net.fit(data, new FitOptions().epochs(3).batchSize(16).verbosity(Verbosity.SILENT)
                .validation(validation ? data.slice(0, 32) : null));
    }

    private static BufferedImage read(Path png) throws IOException {
        assertTrue(Files.size(png) > 0, png + " is empty");
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, png + " is not a PNG");
        return image;
    }

    private static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                seen.add(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        return seen.size();
    }

    private static long count(BufferedImage image, Color colour) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == (colour.getRGB() & 0xFFFFFF)) {
                    n++;
                }
            }
        }
        return n;
    }
}

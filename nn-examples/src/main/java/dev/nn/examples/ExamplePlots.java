package dev.nn.examples;

import dev.nn.Evaluation;
import dev.nn.History;
import dev.nn.core.Tensor;
import dev.nn.data.DataSet;
import dev.nn.data.OneHot;
import dev.nn.metrics.ConfusionMatrix;
import dev.nn.plot.Plots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The pictures of an example's run ({@code --plot DIR}): training.png (the curves), confusion.png
 * (the test set's confusion matrix) and, for images, predictions.png (a grid of test images).
 */
final class ExamplePlots {
    /** The grid's first images, in the test set's order: a fair sample of what the network gets right. */
    private static final int FIRST = 15;
    /** Then the first mistakes after them, so that the grid shows some of what it gets wrong. */
    private static final int MISTAKES = 10;

    private ExamplePlots() {
    }

    /** training.png and confusion.png. */
    static void curvesAndConfusion(Path dir, History history, Evaluation evaluation) throws IOException {
        Files.createDirectories(dir);
        Plots.trainingCurves(history, dir.resolve("training.png"));
        Plots.confusionMatrix(evaluation.confusion(), dir.resolve("confusion.png"));
        System.out.println("wrote training.png and confusion.png to " + dir);
    }

    /** training.png, confusion.png and predictions.png, of a data set of images [N, 1, H, W]. */
    static void withImages(Path dir, History history, Evaluation evaluation, int[] predicted, DataSet test)
            throws IOException {
        curvesAndConfusion(dir, history, evaluation);
        ConfusionMatrix confusion = evaluation.confusion();
        int[] actual = actualClasses(test);
        int[] shown = shown(predicted, actual);
        Plots.predictions(images(test.inputs(), shown), pick(predicted, shown), pick(actual, shown),
                IntStream.range(0, confusion.classes()).mapToObj(confusion::name).toList(), dir.resolve("predictions.png"));
        System.out.printf("wrote predictions.png (the first %d test images, then the first %d mistakes after them)"
                + " to %s%n", FIRST, MISTAKES, dir);
    }

    /** The first FIRST samples, then up to MISTAKES of the wrongly predicted ones after them. */
    private static int[] shown(int[] predicted, int[] actual) {
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < predicted.length && shown.size() < FIRST + MISTAKES; i++) {
            if (i < FIRST || predicted[i] != actual[i]) {
                shown.add(i);
            }
        }
        return shown.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] actualClasses(DataSet data) {
        float[] targets = data.targets().data();
        int classes = data.targets().size() / data.size();
        return IntStream.range(0, data.size()).map(i -> OneHot.argmax(targets, i * classes, classes)).toArray();
    }

    private static int[] pick(int[] values, int[] indices) {
        return IntStream.of(indices).map(i -> values[i]).toArray();
    }

    /** The chosen samples of inputs [N, 1, H, W], as a tensor of their own. */
    private static Tensor images(Tensor inputs, int[] indices) {
        int[] shape = inputs.shape();
        int sample = inputs.size() / shape[0];
        float[] picked = new float[indices.length * sample];
        for (int j = 0; j < indices.length; j++) {
            System.arraycopy(inputs.data(), indices[j] * sample, picked, j * sample, sample);
        }
        shape[0] = indices.length;
        return Tensor.wrap(picked, shape);
    }
}

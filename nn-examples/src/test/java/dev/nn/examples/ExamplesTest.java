package dev.nn.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.Evaluation;
import dev.nn.FitOptions;
import dev.nn.Loss;
import dev.nn.Network;
import dev.nn.Optimizer;
import dev.nn.data.Mnist;
import dev.nn.layers.Activation;
import dev.nn.layers.Dense;
import dev.nn.layers.Flatten;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: the examples' networks train as a user would run them. */
class ExamplesTest {
    @Test
    void xorExamplePredictsAllFourCases() throws Exception {
        Xor xor = new Xor();
        String printed = captureStdout(() -> xor.run(xor.defaults()));
        List<String> predictions = printed.lines().filter(l -> l.contains(" xor ")).toList();
        assertEquals(4, predictions.size(), printed);
        for (String line : predictions) {
            // "a xor b -> 0.0011 (expected 0)"
            String[] parts = line.split(" ");
            float predicted = Float.parseFloat(parts[4]);
            float expected = Float.parseFloat(parts[6].replace(")", ""));
            assertEquals(expected, predicted, 0.1f, line);
        }
    }

    @Test
    void aSmallDenseNetLearnsTheEmbeddedDigitsInSeconds() throws Exception {
        Mnist data = MnistExample.load(new Options(1, 1, 1f, 0, null));
        Network net = new Network(1).add(new Flatten()).add(new Dense(784, 32))
                .add(new Activation(Activation.Kind.RELU)).add(new Dense(32, 10)).use(Loss.softmaxCrossEntropy());
        net.fit(data.train(), new FitOptions().epochs(2).batchSize(32).optimizer(Optimizer.momentum(0.01f, 0.9f)));
        Evaluation test = net.evaluate(data.test());
        // Chance is 0.1; two epochs of this net reach about 0.9 on the held-out digits.
        assertTrue(test.accuracy() > 0.85, "test accuracy " + test.accuracy());
    }

    @Test
    void aModelSavedByOneRunIsLoadedAndUsedByThePredictExample(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mnist-fc.safetensors");
        MnistExample fc = new MnistExample("mnist-fc", Options.parse(new String[] {"--save", file.toString()}, 0, new Options(1, 32, 0.03f, 0, null)), MnistExample::dense);
        String training = captureStdout(() -> fc.run(fc.defaults()));
        String accuracy = training.lines().filter(l -> l.startsWith("test accuracy: ")).findFirst().orElseThrow();
        assertTrue(training.contains("saved the model to " + file), training);

        String predicting = captureStdout(() -> new PredictExample().run(Options.parse(new String[] {"--model", file.toString()}, 0, new Options(1, 1, 1f, 0, null))));
        assertTrue(predicting.contains(accuracy + " on 2000 images"), "trained: " + accuracy + "\npredicted: " + predicting);
        assertEquals(10, predicting.lines().filter(l -> l.matches("image \\d: predicted \\d, true \\d.*")).count(), predicting);
    }

    @Test
    void plotWritesTheThreePicturesIntoADirectoryItCreates(@TempDir Path dir) throws Exception {
        Path plots = dir.resolve("not/yet");
        Options options = Options.parse(new String[] {"--epochs", "1", "--plot", plots.toString()}, 0,
                new Options(10, 32, 0.03f, 0, null));
        MnistExample fc = new MnistExample("mnist-fc", options, MnistExample::dense);
        String printed = captureStdout(() -> fc.run(fc.defaults()));
        assertTrue(printed.contains("val_accuracy"), "no validation figures:\n" + printed);
        for (String name : List.of("training.png", "confusion.png", "predictions.png")) {
            assertNotNull(ImageIO.read(plots.resolve(name).toFile()), name + " is not a PNG");
        }
    }

    @Test
    void theTabularExampleTrainsOnIrisAndItsModelPredictsOnRawRows(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("iris.safetensors"), plots = dir.resolve("plots");
        TabularExample tabular = new TabularExample();
        String training = captureStdout(() -> tabular.run(Options.parse(
                new String[] {"--save", model.toString(), "--plot", plots.toString()}, 0, tabular.defaults())));
        assertTrue(training.contains("150 rows of iris.csv") && training.contains("split 90 / 30 / 30"), training);
        double test = Double.parseDouble(training.lines().filter(l -> l.startsWith("test set: ")).findFirst()
                .orElseThrow().replaceAll(".*accuracy ", ""));
        // Iris is easy: a small network gets 0.9 to 1.0 of the 30 test flowers right.
        assertTrue(test >= 0.85, training);
        assertTrue(training.contains("versicolor") && training.contains("macro avg"), training);
        for (String name : List.of("training.png", "confusion.png")) {
            assertNotNull(ImageIO.read(plots.resolve(name).toFile()), name + " is not a PNG");
        }
        Path rows = dir.resolve("rows.csv");
        // Raw rows in another column order would be wrong; the model's scaler takes them as they were.
        Files.writeString(rows, "sepal_length,sepal_width,petal_length,petal_width,species\n"
                + "5.0,3.4,1.5,0.2,setosa\n6.9,3.1,5.4,2.1,virginica\n5.7,2.8,4.1,1.3,versicolor\n");
        String predicting = captureStdout(() -> new PredictExample().run(Options.parse(
                new String[] {"--model", model.toString(), "--csv", rows.toString(), "--label", "species"}, 0,
                new PredictExample().defaults())));
        assertTrue(predicting.contains("accuracy: 1.0000 on the 3 rows"), predicting);
        assertTrue(predicting.contains("row 2 [6.9, 3.1, 5.4, 2.1]: predicted virginica, true virginica"), predicting);
    }

    @Test
    void theTabularExampleTakesTheUsersCsvAndNamesItsBadValues(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("x,y,kind\n");
        for (int i = 0; i < 60; i++) {
            csv.append(i % 2 == 0 ? 10 + i % 7 : -10 - i % 5).append(',').append(i % 3).append(',')
                    .append(i % 2 == 0 ? "big" : "small").append('\n');
        }
        Path good = dir.resolve("mine.csv");
        Files.writeString(good, csv);
        TabularExample tabular = new TabularExample();
        String printed = captureStdout(() -> tabular.run(Options.parse(
                new String[] {"--csv", good.toString(), "--label", "kind", "--epochs", "40"}, 0, tabular.defaults())));
        assertTrue(printed.contains("2 classes [big, small]") && printed.contains("accuracy 1.0000"), printed);
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "x,y,kind\n1,2,big\n3,oops,small\n");
        assertMessage("line 3, column 2 \"y\": \"oops\" is not a number", () -> tabular.run(Options.parse(
                new String[] {"--csv", bad.toString(), "--label", "kind"}, 0, tabular.defaults())));
        assertThrows(java.io.IOException.class, () -> tabular.run(Options.parse(
                new String[] {"--csv", good.toString()}, 0, tabular.defaults())));
    }

    @Test
    void theMnistNetworksFitTheDigitShape() {
        assertArrayEquals(new int[] {10}, MnistExample.conv(0).outputShape(1, 28, 28));
        assertArrayEquals(new int[] {10}, MnistExample.dense(0).outputShape(1, 28, 28));
    }

    @Test
    void badOptionsAreNamed() {
        Options d = new Options(1, 1, 1f, 0, null);
        assertEquals(7, Options.parse(new String[] {"x", "--epochs", "7"}, 1, d).epochs());
        assertMessage("--epochs must be a whole number of at least 1, got 0", () -> Options.parse(new String[] {"--epochs", "0"}, 0, d));
        assertMessage("--lr must be a positive number, got abc", () -> Options.parse(new String[] {"--lr", "abc"}, 0, d));
        assertMessage("unknown option --speed", () -> Options.parse(new String[] {"--speed", "1"}, 0, d));
        assertMessage("option --batch needs a value", () -> Options.parse(new String[] {"--batch"}, 0, d));
        assertMessage("is not a directory", () -> Options.parse(new String[] {"--data", "/no/such/dir"}, 0, d));
        assertMessage("--model /no/such.safetensors is not a file",
                () -> Options.parse(new String[] {"--model", "/no/such.safetensors"}, 0, d));
        assertEquals(Path.of("m.safetensors"), Options.parse(new String[] {"--save", "m.safetensors"}, 0, d).save());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private interface Action {
        void run() throws Exception;
    }

    private static String captureStdout(Action action) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}

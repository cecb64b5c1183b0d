package dev.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import dev.nn.layers.Activation;
import dev.nn.layers.Conv2D;
import dev.nn.layers.Dense;
import dev.nn.layers.Flatten;
import dev.nn.layers.Init;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkTest {
    private static final Tensor XOR_X = Tensor.wrap(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
    private static final Tensor XOR_Y = Tensor.wrap(new float[] {0, 1, 1, 0}, 4, 1);

    @Test
    void declaredInputShapeChecksEachLayerAsItIsAdded() {
        Network net = new Network().input(1, 28, 28);
        Messages.assertMessage("layer 0 (Dense(784→10)) cannot take [1, 28, 28] from the network's input: "
                + "Dense(784→10) takes inputs of shape [784] but got [1, 28, 28]; add a Flatten layer before it",
                () -> net.add(new Dense(784, 10)));
        net.add(new Flatten()).add(new Dense(784, 10));
        assertEquals(2, net.layers().size(), "the rejected layer is not kept");
    }

    @Test
    void shapesSeenInTheDataAreCheckedBeforeAnyComputation() {
        Network net = new Network().add(new Dense(4, 5)).add(new Dense(6, 2)).use(Loss.mse());
        Messages.assertMessage("layer 1 (Dense(6→2)) cannot take [5] from layer 0 (Dense(4→5))",
                () -> net.predict(Tensor.zeros(3, 4)));
        Network conv = new Network().add(new Conv2D(3, 8, 3)).use(Loss.mse());
        Messages.assertMessage("layer 0 (Conv2D(3→8, 3×3)) cannot take [1, 28, 28] from the network's input",
                () -> conv.predict(Tensor.zeros(2, 1, 28, 28)));
    }

    @Test
    void targetsMustMatchTheOutputShape() {
        Network net = new Network().add(new Dense(2, 3)).use(Loss.mse());
        Messages.assertMessage("targets have shape [1] per sample but the network outputs [3]",
                () -> net.fit(XOR_X, XOR_Y, new FitOptions()));
    }

    @Test
    void misuseGetsClearErrors() {
        IllegalStateException noLoss = assertThrows(IllegalStateException.class,
                () -> new Network().add(new Dense(2, 1)).fit(XOR_X, XOR_Y, 1, 0.1f));
        assertTrue(noLoss.getMessage().contains("use(loss)"), noLoss.getMessage());
        IllegalStateException empty = assertThrows(IllegalStateException.class, () -> new Network().predict(XOR_X));
        assertTrue(empty.getMessage().contains("no layers"), empty.getMessage());
        Network doubleSoftmax = new Network().add(new Dense(2, 2)).add(new Activation(Activation.Kind.SOFTMAX))
                .use(Loss.softmaxCrossEntropy());
        Messages.assertMessage("softmaxCrossEntropy applies the softmax itself: remove the final Activation(SOFTMAX) "
                + "layer, or use a loss on probabilities", () -> doubleSoftmax.evaluate(XOR_X, Tensor.zeros(4, 2)));
    }

    @Test
    void tutorialFitLearnsXorAndPrintsTheErrorPerEpoch() {
        // Like the tutorial's numpy version, this 2-3-1 tanh net settles at outputs ≈ 0.52 for
        // about a third of initialisations (seen for 14 of 40 numpy seeds, 15 of 40 here); seed 0
        // is one of the others.
        Network net = new Network(0)
                .add(new Dense(2, 3).init(Init.UNIFORM_HALF)).add(new Activation(Activation.Kind.TANH))
                .add(new Dense(3, 1).init(Init.UNIFORM_HALF)).add(new Activation(Activation.Kind.TANH))
                .use(Loss.mse());
        String printed = captureStdout(() -> net.fit(XOR_X, XOR_Y, 1000, 0.1f));
        List<String> lines = printed.lines().toList();
        assertEquals(1000, lines.size());
        assertTrue(lines.get(0).matches("epoch 1/1000   error=\\d+\\.\\d{6}"), lines.get(0));
        Tensor out = net.predict(XOR_X);
        for (int i = 0; i < 4; i++) {
            assertEquals(XOR_Y.get(i, 0), out.get(i, 0), 0.1f, "xor sample " + i + ": " + out);
        }
        assertEquals(1.0, net.evaluate(XOR_X, XOR_Y).accuracy());
    }

    @Test
    void batchOfOneIsTheTutorialsPerSampleUpdate() {
        // Dense(2→1) with weights w and bias b, MSE on one sample: ∂E/∂w = 2(y − t)·x, ∂E/∂b = 2(y − t).
        Dense layer = new Dense(2, 1);
        Network net = new Network().add(layer).use(Loss.mse());
        System.arraycopy(new float[] {0.5f, -0.25f}, 0, layer.weights().value().data(), 0, 2);
        layer.bias().value().data()[0] = 0.1f;
        float[] x = {1f, 2f};
        float t = 1f;
        float y = 0.5f * 1f - 0.25f * 2f + 0.1f; // 0.1
        float g = 2 * (y - t);                    // −1.8
        net.fit(Tensor.wrap(x, 1, 2), Tensor.wrap(new float[] {t}, 1, 1),
                new FitOptions().batchSize(1).shuffle(false).optimizer(Optimizer.sgd(0.1f)));
        assertArrayEquals(new float[] {0.5f - 0.1f * g * 1f, -0.25f - 0.1f * g * 2f}, layer.weights().value().toArray(), 1e-6f);
        assertEquals(0.1f - 0.1f * g, layer.bias().value().data()[0], 1e-6f);
    }

    @Test
    void trainingIsDeterministicForASeed() {
        float[] a = trainedWeights(7), b = trainedWeights(7), c = trainedWeights(8);
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
    }

    @Test
    void fitReportsEveryEpochWithValidation() {
        Rng rng = new Rng(3);
        Tensor x = Tensor.uniform(rng, -1f, 1f, 100, 4);
        Tensor y = Tensor.zeros(100, 2);
        for (int i = 0; i < 100; i++) {
            y.set(1f, i, x.get(i, 0) + x.get(i, 1) > 0 ? 1 : 0);
        }
        Network net = new Network(3).add(new Dense(4, 8)).add(new Activation(Activation.Kind.RELU))
                .add(new Dense(8, 2)).use(Loss.softmaxCrossEntropy());
        List<EpochStats> seen = new java.util.ArrayList<>();
        List<EpochStats> history = net.fit(x, y, new FitOptions().epochs(20).batchSize(10)
                .optimizer(Optimizer.adam(0.01f)).validation(new dev.nn.data.DataSet(x, y)).onEpoch(seen::add));
        assertEquals(history, seen);
        assertEquals(20, history.size());
        EpochStats last = history.get(19);
        assertTrue(last.loss() < history.get(0).loss(), history.toString());
        assertTrue(last.validationAccuracy() > 0.9, last.toString());
        assertTrue(last.toString().matches("epoch 20/20  loss \\d\\.\\d{4}  accuracy \\d\\.\\d{4}  val_loss .*samples/s"),
                last.toString());
    }

    @Test
    void predictReturnsOneOutputPerSampleInAnyBatching() {
        Network net = new Network(2).add(new Dense(3, 2)).add(new Activation(Activation.Kind.TANH));
        Tensor x = Tensor.uniform(new Rng(1), -1f, 1f, 7, 3);
        Tensor whole = net.predict(x);
        assertArrayEquals(new int[] {7, 2}, whole.shape());
        assertArrayEquals(whole.toArray(), net.predict(x, 3).toArray());
        assertArrayEquals(new int[] {10}, new Network().add(new Flatten()).outputShape(2, 5));
    }

    private static float[] trainedWeights(long seed) {
        Network net = new Network(seed).add(new Dense(2, 4)).add(new Activation(Activation.Kind.TANH))
                .add(new Dense(4, 1)).use(Loss.mse());
        net.fit(XOR_X, XOR_Y, new FitOptions().epochs(5).batchSize(2).optimizer(Optimizer.momentum(0.1f, 0.9f)));
        return net.parameters().get(0).value().data().clone();
    }

    private static String captureStdout(Runnable r) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}

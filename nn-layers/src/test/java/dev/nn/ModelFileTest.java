package dev.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import dev.nn.data.DataSet;
import dev.nn.data.OneHot;
import dev.nn.io.safetensors.SafeTensorsReader;
import dev.nn.io.safetensors.SafeTensorsWriter;
import dev.nn.io.safetensors.TensorEntry;
import dev.nn.layers.Activation;
import dev.nn.layers.AvgPool2D;
import dev.nn.layers.BatchNorm;
import dev.nn.layers.Conv2D;
import dev.nn.layers.Dense;
import dev.nn.layers.Dropout;
import dev.nn.layers.Flatten;
import dev.nn.layers.GlobalAvgPool2D;
import dev.nn.layers.Init;
import dev.nn.layers.Layer;
import dev.nn.layers.MaxPool2D;
import dev.nn.layers.RunningStatistics;
import dev.nn.layers.Parameter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files and checkpoints through the API a user calls: save, load, loadWeights, saveCheckpoint. */
class ModelFileTest {
    @TempDir
    Path dir;

    /** A network to build and the shape of one of its input samples. */
    private record Case(Supplier<Network> build, int... sampleShape) {
    }

    /** Networks covering every layer type, every option of each, and each loss (or none). */
    private static List<Case> everyKindOfNetwork() {
        return List.of(
                new Case(() -> new Network(1).input(12)
                        .add(new Dense(12, 16).withRelu())
                        .add(new Dense(16, 8).init(Init.UNIFORM_HALF)).add(new Activation(Activation.Kind.TANH))
                        .add(new Dropout(0.25f))
                        .add(new Dense(8, 8).init(Init.HE_NORMAL)).add(new Activation(Activation.Kind.SIGMOID))
                        .add(new Dense(8, 6)).add(Activation.leakyRelu(0.2f))
                        .add(new Dense(6, 5)).add(new Activation(Activation.Kind.RELU))
                        .add(new Activation(Activation.Kind.IDENTITY))
                        .add(new Dense(5, 4)).add(new Activation(Activation.Kind.SOFTMAX))
                        .use(Loss.mse()), 12),
                new Case(() -> new Network(2).input(2, 13, 11)
                        .add(new Conv2D(2, 4, 3).withRelu().withMaxPool(2))
                        .add(new Conv2D(4, 6, 3, 2, 2, 1).init(Init.XAVIER_UNIFORM))
                        .add(new Activation(Activation.Kind.RELU))
                        .add(new MaxPool2D(2, 1))
                        .add(new Conv2D(6, 3, 1).withMaxPool(2))
                        .add(new Flatten())
                        .add(new Dense(3, 5))
                        .use(Loss.softmaxCrossEntropy()), 2, 13, 11),
                new Case(() -> new Network(3)
                        .add(new Dense(7, 1)).add(new Activation(Activation.Kind.SIGMOID))
                        .use(Loss.binaryCrossEntropy()), 7),
                new Case(() -> new Network(4).add(new Conv2D(1, 2, 2).withRelu()).add(new Flatten()), 1, 5, 5),
                new Case(() -> new Network(5).input(2, 9, 8)
                        .add(new AvgPool2D(2)).add(new Conv2D(2, 3, 2)).add(new AvgPool2D(2, 1))
                        .add(new GlobalAvgPool2D()).add(new Dense(3, 2)), 2, 9, 8));
    }

    @Test
    void everyLayerAndOptionComesBackWithBitIdenticalPredictions() throws IOException {
        int n = 0;
        for (Case c : everyKindOfNetwork()) {
            Network net = c.build().get();
            int[] shape = new int[c.sampleShape().length + 1];
            shape[0] = 9;
            System.arraycopy(c.sampleShape(), 0, shape, 1, c.sampleShape().length);
            Tensor x = Tensor.uniform(new Rng(100 + n), -2f, 2f, shape);
            Tensor expected = net.predict(x);
            Path file = dir.resolve("net" + n++ + ".safetensors");
            net.save(file);
            Network loaded = Network.load(file);
            assertEquals(net.layers().toString(), loaded.layers().toString());
            assertEquals(String.valueOf(net.loss()), String.valueOf(loaded.loss()));
            for (int i = 0; i < net.layers().size(); i++) {
                assertEquals(net.layers().get(i).getClass(), loaded.layers().get(i).getClass());
            }
            assertParametersEqual(net, loaded);
            assertBitIdentical(expected, loaded.predict(x));
            Network again = Network.load(file);
            Path second = dir.resolve("again.safetensors");
            again.save(second);
            assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(second), "a load and save changed the file");
        }
    }

    @Test
    void batchNormsRunningStatisticsAndCountComeBackAndAreCopied() throws IOException {
        Network net = new Network(6).input(2, 6, 6)
                .add(new Conv2D(2, 3, 3)).add(new BatchNorm(3)).add(new Flatten())
                .add(new Dense(48, 4)).add(new BatchNorm(4, 0.3f, 1e-3f)).use(Loss.mse());
        for (int step = 0; step < 3; step++) {
            net.trainBatch(Tensor.uniform(new Rng(step), -1f, 3f, 8, 2, 6, 6), Tensor.uniform(new Rng(50 + step), -1f, 1f, 8, 4),
                    Optimizer.sgd(0.1f));
        }
        Tensor x = Tensor.uniform(new Rng(99), -1f, 3f, 5, 2, 6, 6);
        Tensor expected = net.predict(x);
        Path file = dir.resolve("batchnorm.safetensors");
        net.save(file);
        Network loaded = Network.load(file);
        Network copy = net.copy();
        for (Network other : List.of(loaded, copy)) {
            assertParametersEqual(net, other);
            for (int i : new int[] {1, 4}) {
                RunningStatistics ours = ((BatchNorm) net.layers().get(i)).runningStatistics();
                RunningStatistics theirs = ((BatchNorm) other.layers().get(i)).runningStatistics();
                assertEquals(3L, theirs.batches());
                assertArrayEquals(ours.mean().toArray(), theirs.mean().toArray());
                assertArrayEquals(ours.variance().toArray(), theirs.variance().toArray());
                assertFalse(Arrays.equals(new float[ours.mean().size()], ours.mean().toArray()),
                        "training left the running means at 0: the test would prove nothing");
            }
            assertBitIdentical(expected, other.predict(x));
        }
    }

    @Test
    void theInputShapeAndHyperParametersAreKept() throws IOException {
        Network net = new Network().input(3, 9, 9).add(new Conv2D(3, 2, 3, 2, 2, 1).init(Init.UNIFORM_HALF).withRelu());
        Path file = dir.resolve("conv.safetensors");
        net.save(file);
        Network loaded = Network.load(file);
        Conv2D c = (Conv2D) loaded.layers().get(0);
        assertEquals(List.of(3, 2, 3, 2, 2, 1, true, 0, Init.UNIFORM_HALF),
                List.of(c.inChannels(), c.outChannels(), c.kernelHeight(), c.kernelWidth(), c.stride(), c.padding(),
                        c.hasRelu(), c.maxPool(), c.init()));
        Messages.assertMessage("layer 0 (Conv2D(3→2, 3×2, stride 2, padding 1, ReLU)) cannot take [1, 9, 9]",
                () -> loaded.add(new Flatten()).predict(Tensor.zeros(1, 1, 9, 9)));
    }

    @Test
    void aNetworkTrainedTwoEpochsAndResumedFromItsCheckpointEndsAsThreeUninterruptedEpochs() throws IOException {
        DataSet train = smallProblem(240, 5);
        Supplier<FitOptions> adam = () -> new FitOptions().batchSize(16).optimizer(Optimizer.adam(0.01f));

        Network uninterrupted = dropoutMlp();
        uninterrupted.fit(train, adam.get().epochs(3));

        Path checkpoint = dir.resolve("checkpoint.safetensors");
        Network first = dropoutMlp();
        first.fit(train, adam.get().epochs(2).checkpoint(checkpoint));
        Network resumed = Network.load(checkpoint);
        assertEquals(2, resumed.epochsTrained());
        List<EpochStats> third = resumed.fit(train, new FitOptions().batchSize(16).epochs(1));

        assertEquals(3, third.get(0).epoch(), "the resumed epoch is numbered on");
        assertParametersEqual(uninterrupted, resumed);
        assertFalse(sameParameters(first, dropoutMlp()), "training changed nothing: the test would prove nothing");
    }

    @Test
    void everyOptimizersStateResumesExactly() throws IOException {
        DataSet train = smallProblem(96, 6);
        List<Supplier<Optimizer>> optimizers = List.of(() -> Optimizer.momentum(0.05f, 0.9f),
                () -> Optimizer.nesterov(0.05f, 0.8f), () -> Optimizer.sgd(0.1f),
                () -> Optimizer.adam(0.003f, 0.8f, 0.99f, 1e-6f), () -> Optimizer.adamW(0.003f, 0.8f, 0.99f, 1e-6f, 0.2f),
                () -> Optimizer.rmsprop(0.002f, 0.9f, 1e-6f), () -> Optimizer.sgd(0.1f, 0f, 0.01f),
                () -> Optimizer.sgd(0.05f, 0.9f, 0.01f), () -> Optimizer.momentum(0.05f, 0.9f).clipGradientNorm(0.1f),
                () -> Optimizer.adamW(0.003f, 0.01f).clipGradientValue(0.01f));
        for (Supplier<Optimizer> optimizer : optimizers) {
            Network uninterrupted = dropoutMlp();
            Network twice = dropoutMlp();
            uninterrupted.fit(train, new FitOptions().batchSize(8).epochs(2).optimizer(optimizer.get()));
            twice.fit(train, new FitOptions().batchSize(8).epochs(1).optimizer(optimizer.get()));
            Path file = dir.resolve("momentum.safetensors");
            twice.saveCheckpoint(file);
            Network resumed = Network.load(file);
            resumed.fit(train, new FitOptions().batchSize(8).epochs(1));
            assertParametersEqual(uninterrupted, resumed);
        }
    }

    @Test
    void twoFitsTrainAsOneFitOfAllTheirEpochs() {
        DataSet train = smallProblem(64, 7);
        Network once = dropoutMlp();
        once.fit(train, new FitOptions().epochs(3).optimizer(Optimizer.adam(0.01f)));
        Network twice = dropoutMlp();
        twice.fit(train, new FitOptions().epochs(2).optimizer(Optimizer.adam(0.01f)));
        twice.fit(train, new FitOptions().epochs(1));
        assertParametersEqual(once, twice);
        assertEquals(3, twice.epochsTrained());
    }

    @Test
    void aModelFileIsNotACheckpoint() throws IOException {
        Network net = dropoutMlp();
        net.fit(smallProblem(32, 8), new FitOptions().epochs(1).optimizer(Optimizer.adam(0.01f)));
        Path file = dir.resolve("model.safetensors");
        net.save(file);
        Network loaded = Network.load(file);
        assertEquals(0, loaded.epochsTrained());
        assertParametersEqual(net, loaded);
    }

    @Test
    void loadWeightsReplacesTheWeightsOfABuiltNetwork() throws IOException {
        Network trained = new Network(5).add(new Dense(4, 3).withRelu()).add(new Dense(3, 2));
        Path file = dir.resolve("weights.safetensors");
        trained.save(file);
        Network other = new Network(6).add(new Dense(4, 3).withRelu()).add(new Dense(3, 2));
        assertFalse(sameParameters(trained, other));
        other.loadWeights(file);
        assertParametersEqual(trained, other);
    }

    @Test
    void aMismatchListsEveryMissingUnexpectedAndWronglyShapedTensorAndChangesNothing() throws IOException {
        Path file = dir.resolve("weights.safetensors");
        new Network().add(new Dense(4, 3).withRelu()).add(new Dense(3, 2)).add(new Dense(2, 2)).save(file);
        // saved: 0.weight [3, 4], 0.bias, 2.weight [2, 3], 2.bias, 3.weight [2, 2], 3.bias
        Network net = new Network(9).add(new Dense(5, 3)).add(new Activation(Activation.Kind.RELU))
                .add(new Dense(3, 2)).add(new Activation(Activation.Kind.TANH)).add(new Dense(2, 2));
        // needs: 0.weight [3, 5], 0.bias, 2.weight [2, 3], 2.bias, 4.weight [2, 2], 4.bias
        float[][] before = values(net);
        IOException e = assertThrows(IOException.class, () -> net.loadWeights(file));
        String m = e.getMessage();
        assertTrue(m.contains(file + " does not fit the network"), m);
        assertTrue(m.contains("missing tensors: [4.weight, 4.bias]"), m);
        assertTrue(m.contains("unexpected tensors: [3.weight, 3.bias]"), m);
        assertTrue(m.contains("0.weight is [3, 4] in the file but the network needs [3, 5]"), m);
        assertFalse(m.contains("2.weight"), m);
        assertArrayEquals(before, values(net), "a failed load changed the network");
    }

    @Test
    void aNewerMajorVersionIsRefusedSayingSoAndANewerMinorOneLoads() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Network net = new Network().add(new Dense(3, 2));
        net.save(file);
        assertEquals(1, withVersion(file, "1.7").layers().size());
        IOException newer = assertThrows(IOException.class, () -> withVersion(file, "2"));
        assertTrue(newer.getMessage().contains("model-file format 2, newer than this nn reads (format 1)"), newer.getMessage());
        IOException garbage = assertThrows(IOException.class, () -> withVersion(file, "one"));
        assertTrue(garbage.getMessage().contains("unknown nn.format version \"one\""), garbage.getMessage());
        IOException newerWeights = assertThrows(IOException.class, () -> net.loadWeights(rewritten(file, "nn.format", "3")));
        assertTrue(newerWeights.getMessage().contains("newer than this nn reads"), newerWeights.getMessage());
    }

    @Test
    void aCheckpointOfAnUnknownOptimizerOrWithoutItsStateIsRefused() throws IOException {
        Path file = dir.resolve("checkpoint.safetensors");
        Network net = dropoutMlp();
        net.fit(smallProblem(16, 2), new FitOptions().optimizer(Optimizer.adam(0.01f)));
        net.saveCheckpoint(file);
        String training;
        try (SafeTensorsReader r = SafeTensorsReader.open(file)) {
            training = r.metadata().get("nn.training");
        }
        IOException lion = assertThrows(IOException.class,
                () -> Network.load(rewritten(file, "nn.training", training.replace("\"adam\"", "\"lion\""))));
        assertTrue(lion.getMessage().contains("unknown optimizer \"lion\""), lion.getMessage());
        IOException momentum = assertThrows(IOException.class, () -> Network.load(rewritten(file, "nn.training",
                training.replace("\"adam\"", "\"momentum\"").replaceAll("\"beta1\".*\"epsilon\":[^}]*", "\"momentum\":0.9").replace("\"steps\":1", "\"steps\":0"))));
        assertTrue(momentum.getMessage().contains("needs a tensor optimizer.0.weight.momentum_buffer of shape [12, 6] but has none"),
                momentum.getMessage());
    }

    /** Network.load of a copy of file whose nn.format is version. */
    private Network withVersion(Path file, String version) throws IOException {
        return Network.load(rewritten(file, "nn.format", version));
    }

    /** A copy of a file of F32 tensors with one metadata value replaced. */
    private Path rewritten(Path file, String key, String value) throws IOException {
        Path copy = dir.resolve("rewritten.safetensors");
        SafeTensorsWriter w = new SafeTensorsWriter();
        try (SafeTensorsReader r = SafeTensorsReader.open(file)) {
            r.metadata().forEach((k, v) -> w.metadata(k, k.equals(key) ? value : v));
            for (TensorEntry t : r.entries()) {
                float[] values = r.readFloats(t.name());
                w.addF32(t.name(), Arrays.stream(t.shape()).mapToInt(Math::toIntExact).toArray(), v -> v.put(values));
            }
        }
        w.write(copy);
        return copy;
    }

    @Test
    void aFileOfWeightsOnlyCannotBeLoadedAsANetwork() throws IOException {
        Path file = dir.resolve("weights-only.safetensors");
        new SafeTensorsWriter().addF32("0.weight", new int[] {2, 3}, v -> v.put(new float[] {1, 2, 3, 4, 5, 6}))
                .addF32("0.bias", new int[] {2}, v -> v.put(new float[] {7, 8})).write(file);
        IOException e = assertThrows(IOException.class, () -> Network.load(file));
        assertTrue(e.getMessage().contains("holds weights only") && e.getMessage().contains("loadWeights"), e.getMessage());
    }

    @Test
    void whatAModelFileCannotHoldFailsBeforeAnythingIsWritten() throws IOException {
        Layer custom = CustomLayers.identity("MyLayer");
        Path file = dir.resolve("custom.safetensors");
        Network net = new Network().add(new Dense(2, 2)).add(custom);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.save(file));
        assertTrue(e.getMessage().contains("layer 1: MyLayer"), e.getMessage());
        assertFalse(Files.exists(file));
        assertTrue(dir.toFile().list().length == 0, "a temporary file was left behind");

        Loss myLoss = new Loss() {
            @Override
            public float forward(Tensor predictions, Tensor targets) {
                return 0;
            }

            @Override
            public Tensor backward() {
                return null;
            }
        };
        Network withMyLoss = new Network().add(new Dense(2, 2)).use(myLoss);
        e = assertThrows(IllegalArgumentException.class, () -> withMyLoss.save(file));
        assertTrue(e.getMessage().contains("is not one of nn's"), e.getMessage());
    }

    @Test
    void checkpointsNeedOneOfNnsOptimizersAndSaySoBeforeTraining() {
        Optimizer mine = parameters -> { };
        Network net = dropoutMlp();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.fit(smallProblem(16, 1),
                new FitOptions().optimizer(mine).checkpoint(dir.resolve("c.safetensors"))));
        assertTrue(e.getMessage().contains("is not one of nn's"), e.getMessage());
        assertEquals(0, net.epochsTrained());
    }

    static Network dropoutMlp() {
        return new Network(77).add(new Dense(6, 12).withRelu()).add(new Dropout(0.3f)).add(new Dense(12, 3))
                .use(Loss.softmaxCrossEntropy());
    }

    /** n samples of 6 features, 3 classes; see {@link #smallProblemOf}. */
    static DataSet smallProblem(int n, long seed) {
        return smallProblemOf(n, 6, 3, seed);
    }

    /** n samples of uniform features in [−1, 1), whose class is the index of the largest of the first {@code classes}. */
    static DataSet smallProblemOf(int n, int features, int classes, long seed) {
        Tensor x = Tensor.uniform(new Rng(seed), -1f, 1f, n, features);
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            labels[i] = OneHot.argmax(x.data(), i * features, classes);
        }
        return new DataSet(x, OneHot.encode(Tensor.wrap(labels, n), classes));
    }

    static void assertBitIdentical(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        float[] e = expected.toArray(), a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]), "value " + i + ": " + e[i] + " vs " + a[i]);
        }
    }

    static void assertParametersEqual(Network expected, Network actual) {
        assertArrayEquals(values(expected), values(actual));
    }

    private static boolean sameParameters(Network a, Network b) {
        return Arrays.deepEquals(values(a), values(b));
    }

    private static float[][] values(Network net) {
        return net.parameters().stream().map(Parameter::value).map(Tensor::toArray).toArray(float[][]::new);
    }
}

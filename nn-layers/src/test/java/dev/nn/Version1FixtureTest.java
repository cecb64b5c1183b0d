package dev.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.nn.core.Tensor;
import dev.nn.data.DataSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files of model-file format 1, written once by nn at that version (see MakeVersion1Fixture.java
 * beside them), load in this and every later version: the same layers, and the outputs recorded
 * when they were saved.
 */
class Version1FixtureTest {
    private static final List<String> LAYERS = List.of("Conv2D(1→3, 3×3, ReLU, max pool 2×2)",
            "Conv2D(3→4, 2×2, padding 1)", "Activation(LEAKY_RELU, slope 0.1)", "MaxPool2D(2×2, stride 1)", "Flatten",
            "Dropout(0.2)", "Dense(36→8, ReLU)", "Dense(8→5)", "Activation(TANH)", "Dense(5→3)");

    @TempDir
    Path dir;

    @Test
    void theVersion1ModelFileLoadsAndPredictsWhatItDidWhenSaved() throws IOException {
        Network net = Network.load(resource("model.safetensors"));
        assertEquals(LAYERS, net.layers().stream().map(Object::toString).toList());
        assertEquals("softmaxCrossEntropy", net.loss().toString());
        assertEquals(0, net.epochsTrained());
        assertRecordedOutputs(net);
    }

    @Test
    void theVersion1CheckpointLoadsAndTrainsOn() throws IOException {
        Network net = Network.load(resource("checkpoint.safetensors"));
        assertEquals(LAYERS, net.layers().stream().map(Object::toString).toList());
        assertEquals(1, net.epochsTrained());
        assertRecordedOutputs(net);
        Tensor x = recorded("inputs");
        Tensor y = Tensor.zeros(x.dim(0), 3);
        List<EpochStats> more = net.fit(new DataSet(x, y), new FitOptions().epochs(1).batchSize(2));
        assertEquals(2, more.get(0).epoch());
        assertNotEquals(Arrays.toString(recorded("outputs").toArray()), Arrays.toString(net.predict(x).toArray()),
                "training on from the checkpoint changed nothing");
    }

    /** Within float rounding: a later version may sum in another order, but must compute the same network. */
    private void assertRecordedOutputs(Network net) throws IOException {
        float[] expected = recorded("outputs").toArray();
        float[] actual = net.predict(recorded("inputs")).toArray();
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5f * (1 + Math.abs(expected[i])), "output " + i);
        }
    }

    /** A tensor from expected.txt: a name, the shape, then the values, as Arrays.toString wrote them. */
    private Tensor recorded(String name) throws IOException {
        String line = Files.readAllLines(resource("expected.txt")).stream().filter(l -> l.startsWith(name + " "))
                .findFirst().orElseThrow();
        String[] parts = line.substring(name.length() + 1).split("\\] \\[");
        int[] shape = Stream.of(parts[0].replace("[", "").split(", ")).mapToInt(Integer::parseInt).toArray();
        String[] values = parts[1].replace("]", "").split(", ");
        float[] data = new float[values.length];
        for (int i = 0; i < data.length; i++) {
            data[i] = Float.parseFloat(values[i]);
        }
        return Tensor.wrap(data, shape);
    }

    private Path resource(String name) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            try (InputStream in = Version1FixtureTest.class.getResourceAsStream("/dev/nn/io/v1/" + name)) {
                if (in == null) {
                    throw new IOException("missing test resource /dev/nn/io/v1/" + name);
                }
                Files.copy(in, file);
            }
        }
        return file;
    }
}

package dev.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.Network;
import dev.nn.core.Tensor;
import dev.nn.io.safetensors.SafeTensorsReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AvgPool2D and GlobalAvgPool2D against PyTorch's {@code nn.AvgPool2d} and
 * {@code nn.AdaptiveAvgPool2d(1)} (followed by {@code nn.Flatten()}): outputs and input gradients
 * recorded by {@code make_pooling_fixture.py} beside the fixture, on a [2, 3, 7, 9] input whose odd
 * sizes leave rows and columns outside every window; and a PyTorch model's state dict, loaded
 * strictly, whose Linear layer is numbered after the global pooling's two modules.
 *
 * <p>Tolerance: both sum at most 63 values of magnitude below 5 in float, in different orders;
 * the results differ by a few roundings of the sum, below 1e-6 + 1e-6·|value|. A wrong divisor, a
 * window moved by one, or a gradient given to the wrong inputs moves values by 0.01 and more.
 */
class PoolingPyTorchTest {
    private static final String RESOURCES = "/dev/nn/layers/";
    private static final float TOLERANCE = 1e-6f;

    @TempDir
    static Path dir;
    private static Tensor x;

    /** The layers of the fixture's cases, by case name, as make_pooling_fixture.py's CASES builds them. */
    private static final Map<String, Supplier<Layer>> CASES = Map.of(
            "avg2", () -> new AvgPool2D(2),
            "avg3stride2", () -> new AvgPool2D(3, 2),
            "avg3stride1", () -> new AvgPool2D(3, 1),
            "avg2stride3", () -> new AvgPool2D(2, 3),
            "global", GlobalAvgPool2D::new);

    @BeforeAll
    static void readInput() throws IOException {
        try (SafeTensorsReader in = SafeTensorsReader.open(resource("pooling.safetensors"))) {
            x = Tensor.wrap(in.readFloats("x"), 2, 3, 7, 9);
        }
    }

    @Test
    void outputsAndInputGradientsArePyTorchs() throws IOException {
        try (SafeTensorsReader in = SafeTensorsReader.open(resource("pooling.safetensors"))) {
            for (Map.Entry<String, Supplier<Layer>> c : CASES.entrySet()) {
                String name = c.getKey();
                Layer layer = c.getValue().get();
                Tensor y = layer.forward(x);
                assertArrayEquals(Arrays.stream(in.entry(name + ".y").shape()).mapToInt(d -> (int) d).toArray(), y.shape(),
                        name + " output shape");
                assertClose(in.readFloats(name + ".y"), y.toArray(), name + " output");
                Tensor dy = Tensor.wrap(in.readFloats(name + ".dy"), y.shape());
                assertClose(in.readFloats(name + ".dx"), layer.backward(dy).toArray(), name + " input gradient");
            }
        }
    }

    @Test
    void aPyTorchModelsStateDictLoadsStrictlyAndPredictsAsPyTorch() throws IOException {
        Network net = new Network(1).input(3, 7, 9)
                .add(new Conv2D(3, 4, 2))       // module 0
                .add(new AvgPool2D(2))          // 1
                .add(new GlobalAvgPool2D())     // 2, 3
                .add(new Dense(4, 5));          // 4
        net.loadWeights(resource("pooling-model.safetensors"));
        try (SafeTensorsReader in = SafeTensorsReader.open(resource("pooling.safetensors"))) {
            assertClose(in.readFloats("model.y"), net.predict(x).toArray(), "model output");
        }
        Path saved = dir.resolve("saved.safetensors");
        net.save(saved);
        try (SafeTensorsReader ours = SafeTensorsReader.open(saved);
             SafeTensorsReader theirs = SafeTensorsReader.open(resource("pooling-model.safetensors"))) {
            assertEquals(theirs.entries().size(), ours.entries().size());
            for (var e : theirs.entries()) {
                assertNotNull(ours.entry(e.name()), "nn's file lacks " + e.name());
                assertArrayEquals(e.shape(), ours.entry(e.name()).shape(), e.name());
            }
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " size");
        for (int i = 0; i < expected.length; i++) {
            float bound = TOLERANCE + TOLERANCE * Math.abs(expected[i]);
            int i2 = i;
            assertTrue(Math.abs(actual[i] - expected[i]) <= bound,
                    () -> what + " at " + i2 + ": nn " + actual[i2] + ", PyTorch " + expected[i2]);
        }
    }

    /** A resource copied to a file (a resource need not be a file of its own, e.g. in a jar). */
    private static Path resource(String name) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            try (InputStream in = PoolingPyTorchTest.class.getResourceAsStream(RESOURCES + name)) {
                assertNotNull(in, "missing test resource " + RESOURCES + name + " (run make_pooling_fixture.py)");
                Files.copy(in, file);
            }
        }
        return file;
    }
}

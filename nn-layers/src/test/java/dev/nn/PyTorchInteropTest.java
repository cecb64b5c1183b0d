package dev.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.Tensor;
import dev.nn.io.safetensors.SafeTensorsReader;
import dev.nn.layers.Activation;
import dev.nn.layers.Conv2D;
import dev.nn.layers.Dense;
import dev.nn.layers.Flatten;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weights saved by PyTorch, through {@link Network#loadWeights}: the fixtures in
 * {@code src/test/resources/dev/nn/io/pytorch} were written by {@code make_fixture.py} beside them
 * (with its own safetensors writer, not nn's) from the state dict of
 * <pre>
 * nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(4, 6, 3, stride=1, padding=1),
 *               nn.Tanh(), nn.Flatten(), nn.Linear(150, 32), nn.ReLU(), nn.Linear(32, 10))
 * </pre>
 * with PyTorch's default initialization, as F32 (also with the data in another order than the
 * header's), F64, F16 and BF16, together with 8 inputs and PyTorch's outputs for them. The
 * equivalent nn network must compute the same outputs.
 *
 * <p>Tolerance: both sides compute in float32 (u = 2^-24 ≈ 6e-8), summing in different orders.
 * Each output comes through dot products of K ≤ 150 terms whose |a·b| sum to at most 3 (measured
 * for this model and these inputs); rounding moves such a dot product by about sqrt(K)·u·Σ|a·b|
 * ≈ 1e-6 to 2e-6 (the worst-case bound K·u·Σ|a·b|, about 2e-5, assumes every rounding error has
 * the same sign, which rounding to nearest does not approach). So outputs, whose magnitude is
 * below 0.32, must agree within 1e-5 + 1e-5·|output|. PyTorch's own outputs are within 3e-8 of
 * its float64 computation; nn's agree with them within about 6e-8 (printed). The tolerance is
 * still tight enough to tell F32 weights from the same weights rounded to F16 (outputs move by up
 * to 7.6e-5) or BF16 (9.3e-4), which the tests check, so it cannot hide a layout error (those
 * move the outputs by 0.1 and more).
 */
class PyTorchInteropTest {
    private static final String RESOURCES = "/dev/nn/io/pytorch/";
    private static final float ABSOLUTE = 1e-5f;
    private static final float RELATIVE = 1e-5f;

    @TempDir
    static Path dir;

    private static Tensor inputs;
    private static float[] outputs, outputsF16, outputsBf16;

    @BeforeAll
    static void readRecordedInputsAndOutputs() throws IOException {
        try (SafeTensorsReader io = SafeTensorsReader.open(resource("pytorch-io.safetensors"))) {
            long[] shape = io.entry("inputs").shape();
            assertArrayEquals(new long[] {8, 1, 12, 12}, shape);
            inputs = Tensor.wrap(io.readFloats("inputs"), 8, 1, 12, 12);
            assertArrayEquals(new long[] {8, 10}, io.entry("outputs").shape());
            outputs = io.readFloats("outputs");
            outputsF16 = io.readFloats("outputs_f16");
            outputsBf16 = io.readFloats("outputs_bf16");
        }
    }

    /** The network that computes what the PyTorch model does. */
    private static Network network(long seed) {
        return new Network(seed).input(1, 12, 12)
                .add(new Conv2D(1, 4, 3).withRelu().withMaxPool(2))     // modules 0, 1, 2
                .add(new Conv2D(4, 6, 3, 3, 1, 1))                      // 3
                .add(new Activation(Activation.Kind.TANH))              // 4
                .add(new Flatten())                                     // 5
                .add(new Dense(150, 32).withRelu())                     // 6, 7
                .add(new Dense(32, 10))                                 // 8
                .use(Loss.softmaxCrossEntropy());
    }

    /** A resource copied to a file (a resource need not be a file of its own, e.g. in a jar). */
    private static Path resource(String name) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            try (InputStream in = PyTorchInteropTest.class.getResourceAsStream(RESOURCES + name)) {
                assertNotNull(in, "missing test resource " + RESOURCES + name + " (run make_fixture.py)");
                Files.copy(in, file);
            }
        }
        return file;
    }

    private static float maxDifference(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static boolean withinTolerance(float[] actual, float[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= ABSOLUTE + RELATIVE * Math.abs(expected[i]))) {
                return false;
            }
        }
        return true;
    }

    private static void assertMatches(float[] expected, float[] actual, String what) {
        float max = maxDifference(expected, actual);
        System.out.printf("PyTorchInteropTest: %s: largest |nn - PyTorch| = %.3g%n", what, max);
        assertTrue(withinTolerance(actual, expected), what + ": nn's outputs differ from PyTorch's by up to " + max
                + ", more than " + ABSOLUTE + " + " + RELATIVE + "·|output|:\nnn      " + Arrays.toString(actual)
                + "\nPyTorch " + Arrays.toString(expected));
    }

    /** The predictions of the network with the weights of the given fixture. */
    private static float[] predictWith(String fixture) throws IOException {
        Network net = network(1);
        net.loadWeights(resource(fixture));
        Tensor y = net.predict(inputs);
        assertArrayEquals(new int[] {8, 10}, y.shape());
        return y.toArray();
    }

    @Test
    void recordedOutputsAreNeitherZeroNorConstant() {
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float v : outputs) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertTrue(max - min > 0.1f, "outputs span [" + min + ", " + max + "]");
        // and differ between samples, in every output
        for (int j = 0; j < 10; j++) {
            assertTrue(Math.abs(outputs[j] - outputs[10 + j]) > 1e-3f || Math.abs(outputs[j] - outputs[20 + j]) > 1e-3f,
                    "output " + j + " is the same for the first samples");
        }
    }

    @Test
    void f32WeightsFromPyTorchGivePyTorchsOutputs() throws IOException {
        // the network's own initialization is something else entirely
        assertTrue(maxDifference(network(1).predict(inputs).toArray(), outputs) > 100 * ABSOLUTE);
        assertMatches(outputs, predictWith("pytorch-model.safetensors"), "F32 weights");
    }

    @Test
    void f64WeightsFromPyTorchGivePyTorchsOutputs() throws IOException {
        // float32 weights widened to float64 narrow back exactly
        float[] f32 = predictWith("pytorch-model.safetensors");
        float[] f64 = predictWith("pytorch-model-f64.safetensors");
        assertArrayEquals(f32, f64);
        assertMatches(outputs, f64, "F64 weights");
    }

    @Test
    void dataInAnotherOrderThanTheHeadersIsReadByName() throws IOException {
        // the header lists 0.weight, 0.bias, …; the data holds 0.bias, 0.weight, … (sorted by name)
        float[] reordered = predictWith("pytorch-model-reordered.safetensors");
        assertArrayEquals(predictWith("pytorch-model.safetensors"), reordered);
        assertMatches(outputs, reordered, "F32 weights, data in name order");
    }

    @Test
    void f16WeightsGiveTheOutputsOfTheRoundedModel() throws IOException {
        float[] actual = predictWith("pytorch-model-f16.safetensors");
        assertMatches(outputsF16, actual, "F16 weights");
        // the tolerance tells the rounded weights from the originals
        assertTrue(!withinTolerance(actual, outputs), "F16 rounding of the weights went unnoticed");
    }

    @Test
    void bf16WeightsGiveTheOutputsOfTheRoundedModel() throws IOException {
        float[] actual = predictWith("pytorch-model-bf16.safetensors");
        assertMatches(outputsBf16, actual, "BF16 weights");
        assertTrue(!withinTolerance(actual, outputs), "BF16 rounding of the weights went unnoticed");
    }

    @Test
    void weightsArePyTorchsTransposedForDenseAndAsIsForConv2D() throws IOException {
        Network net = network(1);
        net.loadWeights(resource("pytorch-model.safetensors"));
        try (SafeTensorsReader file = SafeTensorsReader.open(resource("pytorch-model.safetensors"))) {
            Conv2D conv = (Conv2D) net.layers().get(0);
            assertArrayEquals(file.readFloats("0.weight"), conv.weights().value().toArray());
            assertArrayEquals(file.readFloats("0.bias"), conv.bias().value().toArray());
            Dense dense = (Dense) net.layers().get(4);
            float[] fileWeights = file.readFloats("6.weight"); // [out 32, in 150]
            float[] memory = dense.weights().value().toArray(); // [in 150, out 32]
            for (int o = 0; o < 32; o++) {
                for (int i = 0; i < 150; i++) {
                    assertEquals(fileWeights[o * 150 + i], memory[i * 32 + o], "6.weight[" + o + ", " + i + "]");
                }
            }
        }
    }

    @Test
    void aWrongLayoutWouldBeFarOutsideTheTolerance() throws IOException {
        // the Dense weights taken without the transposition: the file's [32, 150] read as [150, 32]
        Network untransposed = network(1);
        untransposed.loadWeights(resource("pytorch-model.safetensors"));
        try (SafeTensorsReader file = SafeTensorsReader.open(resource("pytorch-model.safetensors"))) {
            float[] raw = file.readFloats("6.weight");
            System.arraycopy(raw, 0, ((Dense) untransposed.layers().get(4)).weights().value().data(), 0, raw.length);
        }
        float untransposedDifference = maxDifference(untransposed.predict(inputs).toArray(), outputs);

        // the first convolution's kernels flipped (true convolution instead of PyTorch's cross-correlation)
        Network flipped = network(1);
        flipped.loadWeights(resource("pytorch-model.safetensors"));
        float[] kernels = ((Conv2D) flipped.layers().get(0)).weights().value().data();
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < 4; i++) { // reverse the 9 weights of kernel k
                float t = kernels[k * 9 + i];
                kernels[k * 9 + i] = kernels[k * 9 + 8 - i];
                kernels[k * 9 + 8 - i] = t;
            }
        }
        float flippedDifference = maxDifference(flipped.predict(inputs).toArray(), outputs);

        System.out.printf("PyTorchInteropTest: wrong layouts: untransposed Dense %.3g, flipped kernels %.3g%n",
                untransposedDifference, flippedDifference);
        assertTrue(untransposedDifference > 100 * ABSOLUTE, "untransposed Dense weights: " + untransposedDifference);
        assertTrue(flippedDifference > 100 * ABSOLUTE, "flipped kernels: " + flippedDifference);
    }

    @Test
    void modulesAreNumberedWithTheFusedReluAndPooling() throws IOException {
        // without the fused ReLU the last Dense would be module 7, not PyTorch's 8
        Network net = new Network(1).input(1, 12, 12)
                .add(new Conv2D(1, 4, 3).withRelu().withMaxPool(2))
                .add(new Conv2D(4, 6, 3, 3, 1, 1))
                .add(new Activation(Activation.Kind.TANH))
                .add(new Flatten())
                .add(new Dense(150, 32))
                .add(new Dense(32, 10));
        float[] before = net.predict(inputs).toArray();
        IOException e = assertThrows(IOException.class, () -> net.loadWeights(resource("pytorch-model.safetensors")));
        assertTrue(e.getMessage().contains("7.weight") && e.getMessage().contains("8.weight"), e.getMessage());
        assertArrayEquals(before, net.predict(inputs).toArray(), "the failed load changed the network");
    }
}

package dev.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.Network;
import dev.nn.core.Tensor;
import dev.nn.io.safetensors.SafeTensorsReader;
import dev.nn.io.safetensors.TensorEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BatchNorm against PyTorch's {@code nn.BatchNorm1d(19)} on [6, 19] and {@code nn.BatchNorm2d(3)}
 * on [4, 3, 5, 7], recorded by {@code make_batchnorm_fixture.py} beside the fixture: two training
 * steps (outputs, input and parameter gradients, then the running statistics and the batch count)
 * and one step in eval mode, on inputs of mean 2 and deviation 3; and a small PyTorch CNN's state
 * dict after two training steps, loaded strictly (num_batches_tracked an I64 scalar), whose
 * eval-mode predictions nn reproduces and whose names, shapes and dtypes nn's own save repeats.
 *
 * <p>Tolerance: both compute in float, with the statistics summed in other orders and the
 * normalization folded into one multiply-add here; outputs and gradients of magnitude up to about
 * 10 agree within 2e-5 + 2e-5·|value|. Using the biased variance for the running statistics would
 * move them by 1/(n·s − 1), far more; so would normalizing with the wrong statistics in eval mode.
 */
class BatchNormPyTorchTest {
    private static final String RESOURCE = "/dev/nn/layers/batchnorm.safetensors";
    private static final float TOLERANCE = 2e-5f;

    @TempDir
    static Path dir;

    @Test
    void denseFeaturesAsBatchNorm1d() throws IOException {
        check("features", 19);
    }

    @Test
    void imageChannelsAsBatchNorm2d() throws IOException {
        check("images", 3);
    }

    @Test
    void aPyTorchModelsStateDictLoadsStrictlyPredictsAsPyTorchAndSavesUnderItsNames() throws IOException {
        Network net = new Network(1).input(3, 6, 6)
                .add(new Conv2D(3, 4, 2)).add(new BatchNorm(4)).add(new Activation(Activation.Kind.RELU)) // 0, 1, 2
                .add(new GlobalAvgPool2D())                                                             // 3, 4
                .add(new Dense(4, 3)).add(new BatchNorm(3));                                            // 5, 6
        Path model = dir.resolve("batchnorm-model.safetensors");
        copy("/dev/nn/layers/batchnorm-model.safetensors", model);
        net.loadWeights(model);
        try (SafeTensorsReader in = SafeTensorsReader.open(fixture()); SafeTensorsReader theirs = SafeTensorsReader.open(model)) {
            assertEquals(theirs.readLongs("1.num_batches_tracked")[0],
                    ((BatchNorm) net.layers().get(1)).runningStatistics().batches());
            assertClose(in.readFloats("model.y"), net.predict(Tensor.wrap(in.readFloats("model.x"), 4, 3, 6, 6)).toArray(),
                    "model output");
            Path saved = dir.resolve("saved.safetensors");
            net.save(saved);
            try (SafeTensorsReader ours = SafeTensorsReader.open(saved)) {
                assertEquals(theirs.entries().size(), ours.entries().size());
                for (TensorEntry e : theirs.entries()) {
                    TensorEntry o = ours.entry(e.name());
                    assertNotNull(o, "nn's file lacks " + e.name());
                    assertArrayEquals(e.shape(), o.shape(), e.name());
                    assertEquals(e.dtype(), o.dtype(), e.name());
                }
                assertEquals(2L, ours.readLongs("6.num_batches_tracked")[0]);
            }
        }
    }

    private static void check(String name, int channels) throws IOException {
        try (SafeTensorsReader in = SafeTensorsReader.open(fixture())) {
            BatchNorm layer = new BatchNorm(channels);
            System.arraycopy(in.readFloats(name + ".weight"), 0, layer.weight().value().data(), 0, channels);
            System.arraycopy(in.readFloats(name + ".bias"), 0, layer.bias().value().data(), 0, channels);
            for (int t = 0; t < 3; t++) {
                layer.setTraining(t < 2);
                if (t == 2) {
                    assertClose(in.readFloats(name + ".running_mean"), layer.runningStatistics().mean().toArray(),
                            name + " running mean");
                    assertClose(in.readFloats(name + ".running_var"), layer.runningStatistics().variance().toArray(),
                            name + " running variance");
                    assertEquals(in.readLongs(name + ".num_batches_tracked")[0], layer.runningStatistics().batches());
                }
                int[] shape = Arrays.stream(in.entry(name + ".x" + t).shape()).mapToInt(v -> (int) v).toArray();
                layer.weight().zeroGradient();
                layer.bias().zeroGradient();
                Tensor y = layer.forward(Tensor.wrap(in.readFloats(name + ".x" + t), shape));
                assertClose(in.readFloats(name + ".y" + t), y.toArray(), name + " output of step " + t);
                Tensor dx = layer.backward(Tensor.wrap(in.readFloats(name + ".dy" + t), shape));
                assertClose(in.readFloats(name + ".dx" + t), dx.toArray(), name + " input gradient of step " + t);
                assertClose(in.readFloats(name + ".dweight" + t), layer.weight().gradient().toArray(),
                        name + " weight gradient of step " + t);
                assertClose(in.readFloats(name + ".dbias" + t), layer.bias().gradient().toArray(),
                        name + " bias gradient of step " + t);
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

    private static Path fixture() throws IOException {
        Path file = dir.resolve("batchnorm.safetensors");
        copy(RESOURCE, file);
        return file;
    }

    /** A resource copied to a file (a resource need not be a file of its own, e.g. in a jar). */
    private static void copy(String resource, Path file) throws IOException {
        if (!Files.exists(file)) {
            try (InputStream in = BatchNormPyTorchTest.class.getResourceAsStream(resource)) {
                assertNotNull(in, "missing test resource " + resource + " (run make_batchnorm_fixture.py)");
                Files.copy(in, file);
            }
        }
    }
}

package dev.nn;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.Backend;
import dev.nn.core.Tensor;
import dev.nn.io.safetensors.SafeTensorsReader;
import dev.nn.layers.Conv2D;
import dev.nn.layers.Flatten;
import dev.nn.layers.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adam on units that are seldom active, against PyTorch: the fixture in
 * {@code src/test/resources/dev/nn/adam} was written by {@code make_adam_fixture.py} beside it from
 * <pre>
 * nn.Sequential(nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(), nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(),
 *               nn.Flatten())
 * </pre>
 * at PyTorch's default init, on 2 inputs of 16 channels of 6×6 that are half exactly 0 (10·ReLU of
 * normal values), with three
 * steps of {@code Adam(lr=0.01)} on the mean squared error. Whole vectors of channels and 3×3
 * kernels at stride 1: the shapes nn would run by Winograd's algorithm.
 *
 * <p>Why it is a test of its own: many weight-gradient entries are exactly 0 (every product of
 * their sum is 0; 44 of 2,304 and 159 of 4,608 in the first step), and Adam turns any value there,
 * however small, into a step of up to lr: g / (√(g²) + ε) is about 1 for |g| ≫ ε = 1e-8 and, for
 * rounding noise of 1e-10 to 1e-8, still a sizeable fraction of it. Winograd's weight gradient
 * leaves up to 4e-9 there and moves weights up to a tenth of the largest weight away from
 * PyTorch's in three steps. So: the first step's weight gradients must be exactly 0 where
 * PyTorch's are, and the weights after three steps within 1e-4 of the largest weight (rounding
 * alone leaves them within 4e-6 of it, measured: each step moves a weight by at most lr, by a ratio of
 * moments that rounding changes in its last bits, except where a gradient's sum cancels almost
 * exactly).
 */
class AdamDeadUnitsTest {
    private static final String FIXTURE = "/dev/nn/adam/adam-dead-units.safetensors";
    private static final float RELATIVE = 1e-4f;

    @TempDir
    static Path dir;

    /** The network of the fixture: module 0 and 2 are the convolutions, 1 and 3 their ReLUs. */
    private static Network network() {
        return new Network(1).input(16, 6, 6)
                .add(new Conv2D(16, 16, 3, 3, 1, 1).withRelu())    // modules 0, 1
                .add(new Conv2D(16, 32, 3, 3, 1, 1).withRelu())    // 2, 3
                .add(new Flatten())                                // 4
                .use(Loss.mse());
    }

    @Test
    void threeAdamStepsOnSeldomActiveUnitsMatchPyTorch() throws IOException {
        Path file = dir.resolve("adam-dead-units.safetensors");
        try (InputStream in = AdamDeadUnitsTest.class.getResourceAsStream(FIXTURE)) {
            assertNotNull(in, "missing test resource " + FIXTURE + " (run make_adam_fixture.py)");
            Files.copy(in, file);
        }
        try (SafeTensorsReader fixture = SafeTensorsReader.open(file)) {
            Network net = network();
            Conv2D first = (Conv2D) net.layers().get(0), second = (Conv2D) net.layers().get(1);
            load(fixture, "0", first);
            load(fixture, "2", second);
            Tensor inputs = Tensor.wrap(fixture.readFloats("inputs"), 2, 16, 6, 6);
            Tensor targets = Tensor.wrap(fixture.readFloats("targets"), 2, 32 * 6 * 6);
            Optimizer adam = Optimizer.adam(0.01f);

            net.trainBatch(inputs, targets, adam);
            List<Executable> checks = new ArrayList<>();
            checks.add(zerosWherePyTorchHasThem(fixture.readFloats("zeros.0.weight"), first.weights(), "0.weight"));
            checks.add(zerosWherePyTorchHasThem(fixture.readFloats("zeros.2.weight"), second.weights(), "2.weight"));
            net.trainBatch(inputs, targets, adam);
            net.trainBatch(inputs, targets, adam);

            checks.add(matches(fixture.readFloats("step3.0.weight"), first.weights(), "0.weight"));
            checks.add(matches(fixture.readFloats("step3.0.bias"), first.bias(), "0.bias"));
            checks.add(matches(fixture.readFloats("step3.2.weight"), second.weights(), "2.weight"));
            checks.add(matches(fixture.readFloats("step3.2.bias"), second.bias(), "2.bias"));
            assertAll(checks);
        }
    }

    private static void load(SafeTensorsReader fixture, String module, Conv2D conv) throws IOException {
        copy(fixture.readFloats(module + ".weight"), conv.weights());
        copy(fixture.readFloats(module + ".bias"), conv.bias());
    }

    private static void copy(float[] values, Parameter p) {
        assertEquals(p.size(), values.length, p.name());
        System.arraycopy(values, 0, p.value().data(), 0, values.length);
    }

    /**
     * Checks that the gradient is exactly 0 where PyTorch's is (mask 1), and not where PyTorch's is
     * not; measured now, asserted later, so that one failure does not hide the others.
     */
    private static Executable zerosWherePyTorchHasThem(float[] zeros, Parameter p, String name) {
        assertEquals(zeros.length, p.size(), name);
        float[] g = p.gradient().data();
        int expected = 0, nonzero = 0, extra = 0;
        float largest = 0;
        for (int i = 0; i < zeros.length; i++) {
            if (zeros[i] == 1f) {
                expected++;
                if (g[i] != 0f) {
                    nonzero++;
                    largest = Math.max(largest, Math.abs(g[i]));
                }
            } else if (g[i] == 0f) {
                extra++;
            }
        }
        System.out.printf("AdamDeadUnitsTest (%s): %s: %d of %d exact zeros of PyTorch's first gradient are not 0 "
                + "here (largest %.3g); %d zeros where PyTorch has none%n", Backend.description(), name, nonzero,
                expected, largest, extra);
        int missed = nonzero, spurious = extra, recorded = expected;
        float worst = largest;
        return () -> {
            assertTrue(recorded > 0, name + ": the fixture has no exact zeros to check");
            assertEquals(0, missed, name + ": gradient entries that PyTorch computes as exactly 0 are up to " + worst
                    + " here");
            assertEquals(0, spurious, name + ": gradient entries are exactly 0 here where PyTorch's are not");
        };
    }

    /** Checks that p is within RELATIVE of the largest of PyTorch's values; measured now, asserted later. */
    private static Executable matches(float[] expected, Parameter p, String name) {
        float[] actual = p.value().data();
        assertEquals(expected.length, p.size(), name);
        float scale = 0, difference = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            difference = Math.max(difference, Math.abs(actual[i] - expected[i]));
        }
        System.out.printf("AdamDeadUnitsTest: %s after 3 steps: largest |nn - PyTorch| = %.3g (%.3g of the largest "
                + "value, %.3g)%n", name, difference, difference / scale, scale);
        float largest = scale, worst = difference;
        return () -> assertTrue(worst <= RELATIVE * largest, name + " after three Adam steps differs from PyTorch's by "
                + worst + ", more than " + RELATIVE + " of its largest value " + largest);
    }
}

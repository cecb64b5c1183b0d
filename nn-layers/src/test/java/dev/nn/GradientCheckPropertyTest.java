package dev.nn;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.range;

import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import dev.nn.layers.Activation;
import dev.nn.layers.AvgPool2D;
import dev.nn.layers.BatchNorm;
import dev.nn.layers.Conv2D;
import dev.nn.layers.Dense;
import dev.nn.layers.Dropout;
import dev.nn.layers.Flatten;
import dev.nn.layers.GlobalAvgPool2D;
import dev.nn.layers.Layer;
import dev.nn.layers.MaxPool2D;
import dev.nn.layers.Parameter;
import org.junit.jupiter.api.Test;

/**
 * Every layer's and loss's analytic gradients agree with central finite differences, on random
 * shapes, values and hyper-parameters; and the check catches a deliberately wrong backward pass.
 */
class GradientCheckPropertyTest {
    private static final int EXAMPLES = 60;

    @Test
    void dense() {
        qt().withExamples(EXAMPLES).forAll(range(1, 5), range(1, 20), range(1, 20), range(0, Integer.MAX_VALUE))
                .checkAssert((batch, in, out, seed) -> check(new Dense(in, out), uniform(seed, batch, in), seed));
    }

    @Test
    void smoothActivations() {
        Activation.Kind[] kinds = {Activation.Kind.TANH, Activation.Kind.SIGMOID, Activation.Kind.SOFTMAX, Activation.Kind.IDENTITY};
        qt().withExamples(EXAMPLES).forAll(range(0, kinds.length - 1), range(1, 4), range(1, 17), range(0, Integer.MAX_VALUE))
                .checkAssert((k, batch, width, seed) -> {
                    Tensor x = Tensor.uniform(new Rng(seed), -3f, 3f, batch, 2, width);
                    check(new Activation(kinds[k]), x, seed);
                });
    }

    @Test
    void reluAndLeakyReluAwayFromTheKink() {
        qt().withExamples(EXAMPLES).forAll(range(1, 4), range(1, 33), range(0, 90), range(0, Integer.MAX_VALUE))
                .checkAssert((batch, width, slopePercent, seed) -> {
                    Tensor x = awayFromZero(seed, batch, width);
                    check(new Activation(Activation.Kind.RELU), x, seed);
                    check(Activation.leakyRelu(slopePercent / 100f), x, seed);
                });
    }

    @Test
    void conv2dWithStrideAndPadding() {
        qt().withExamples(EXAMPLES).forAll(range(1, 3), range(1, 3), range(1, 3), range(0, Integer.MAX_VALUE))
                .checkAssert((batch, in, out, seed) -> {
                    Rng rng = new Rng(seed);
                    int k = 1 + rng.nextInt(3), stride = 1 + rng.nextInt(3), pad = rng.nextInt(3);
                    int h = k + rng.nextInt(6), w = k + rng.nextInt(6);
                    check(new Conv2D(in, out, k, k, stride, pad), uniform(seed, batch, in, h, w), seed);
                });
    }

    @Test
    void conv2dByWinograd() {
        // 3×3 at stride 1 between 16 channels: the forward pass and input gradient run Winograd's
        // algorithm (16 is a whole number of vectors at 256 and 512 bits).
        qt().withExamples(12).forAll(range(1, 2), range(0, 1), range(0, Integer.MAX_VALUE))
                .checkAssert((batch, pad, seed) -> {
                    Rng rng = new Rng(seed);
                    int h = 3 + rng.nextInt(5), w = 3 + rng.nextInt(5);
                    check(new Conv2D(16, 16, 3, 3, 1, pad), uniform(seed, batch, 16, h, w), seed);
                });
    }

    @Test
    void maxPoolWithSeparatedValues() {
        qt().withExamples(EXAMPLES).forAll(range(1, 3), range(1, 3), range(1, 3), range(0, Integer.MAX_VALUE))
                .checkAssert((batch, channels, pool, seed) -> {
                    Rng rng = new Rng(seed);
                    int stride = 1 + rng.nextInt(3);
                    int h = pool + rng.nextInt(7), w = pool + rng.nextInt(7);
                    check(new MaxPool2D(pool, stride), separated(rng, batch, channels, h, w), seed);
                });
    }

    @Test
    void averagePooling() {
        qt().withExamples(EXAMPLES).forAll(range(1, 3), range(1, 3), range(1, 3), range(0, Integer.MAX_VALUE))
                .checkAssert((batch, channels, pool, seed) -> {
                    Rng rng = new Rng(seed);
                    int stride = 1 + rng.nextInt(3);
                    int h = pool + rng.nextInt(7), w = pool + rng.nextInt(7);
                    check(new AvgPool2D(pool, stride), uniform(seed, batch, channels, h, w), seed);
                    check(new GlobalAvgPool2D(), uniform(seed, batch, channels, h, w), seed);
                });
    }

    @Test
    void batchNormInTraining() {
        qt().withExamples(EXAMPLES).forAll(range(3, 5), range(1, 4), range(0, 2), range(0, Integer.MAX_VALUE))
                .checkAssert((batch, channels, images, seed) -> {
                    Rng rng = new Rng(seed);
                    Tensor x = images == 1 ? spreadPerChannel(rng, batch, channels, 1 + rng.nextInt(3), 1 + rng.nextInt(3))
                            : spreadPerChannel(rng, batch, channels);
                    BatchNorm layer = new BatchNorm(channels);
                    Tensor gammaAndBeta = uniform(seed + 1, 2, channels);
                    System.arraycopy(gammaAndBeta.data(), 0, layer.weight().value().data(), 0, channels);
                    System.arraycopy(gammaAndBeta.data(), channels, layer.bias().value().data(), 0, channels);
                    check(layer, x, seed); // in training mode, which GradientCheck sets
                });
    }

    @Test
    void flattenAndDropout() {
        qt().withExamples(EXAMPLES).forAll(range(1, 4), range(1, 6), range(0, 90), range(0, Integer.MAX_VALUE))
                .checkAssert((batch, width, ratePercent, seed) -> {
                    Tensor x = uniform(seed, batch, 3, width);
                    check(new Flatten(), x, seed);
                    check(new Dropout(ratePercent / 100f), x, seed);
                });
    }

    @Test
    void losses() {
        qt().withExamples(EXAMPLES).forAll(range(1, 6), range(1, 12), range(0, Integer.MAX_VALUE))
                .checkAssert((batch, classes, seed) -> {
                    Rng rng = new Rng(seed);
                    Tensor logits = Tensor.uniform(rng, -4f, 4f, batch, classes);
                    Tensor oneHot = Tensor.zeros(batch, classes);
                    Tensor soft = Tensor.uniform(rng, 0f, 1f, batch, classes);
                    for (int b = 0; b < batch; b++) {
                        oneHot.set(1f, b, rng.nextInt(classes));
                    }
                    Tensor probabilities = Tensor.uniform(rng, 0.05f, 0.95f, batch, classes);
                    Tensor binary = Tensor.uniform(rng, 0f, 1f, batch, classes);
                    assertPassed(GradientCheck.loss(Loss.mse(), logits, soft));
                    assertPassed(GradientCheck.loss(Loss.softmaxCrossEntropy(), logits, oneHot));
                    assertPassed(GradientCheck.loss(Loss.softmaxCrossEntropy(), logits, soft));
                    assertPassed(GradientCheck.loss(Loss.binaryCrossEntropy(), probabilities, binary));
                });
    }

    @Test
    void smallWholeNetworks() {
        qt().withExamples(20).forAll(range(1, 4), range(0, Integer.MAX_VALUE))
                .checkAssert((batch, seed) -> {
                    Rng rng = new Rng(seed);
                    Network dense = new Network(seed)
                            .add(new Dense(5, 7)).add(new Activation(Activation.Kind.TANH))
                            .add(new Dense(7, 3)).add(new Activation(Activation.Kind.SIGMOID))
                            .use(Loss.mse());
                    assertPassed(GradientCheck.network(dense, Tensor.uniform(rng, -1f, 1f, batch, 5),
                            Tensor.uniform(rng, 0f, 1f, batch, 3)));
                    Network conv = new Network(seed)
                            .add(new Conv2D(2, 3, 3, 3, 1, 1)).add(new Activation(Activation.Kind.TANH))
                            .add(new Conv2D(3, 2, 2, 2, 2, 0)).add(new Flatten())
                            .add(new Dropout(0.3f)).add(new Dense(2 * 3 * 3, 4))
                            .use(Loss.softmaxCrossEntropy());
                    Tensor target = Tensor.zeros(batch, 4);
                    for (int b = 0; b < batch; b++) {
                        target.set(1f, b, rng.nextInt(4));
                    }
                    assertPassed(GradientCheck.network(conv, Tensor.uniform(rng, -1f, 1f, batch, 2, 6, 6), target));
                });
    }

    @Test
    void aWrongBackwardFails() {
        // tanh whose backward uses 1 − y instead of 1 − y²: wrong wherever y is not 0 or 1.
        Layer wrong = new BrokenTanh();
        GradientCheck.Report report = GradientCheck.layer(wrong, uniform(3, 2, 8));
        assertFalse(report.passed(), report.toString());
        GradientCheck.Report right = GradientCheck.layer(new Activation(Activation.Kind.TANH), uniform(3, 2, 8));
        assertTrue(right.passed(), right.toString());
    }

    @Test
    void aWrongBackwardFailsInAWholeNetwork() {
        // The network check's rounding bound grows with every layer's output: it must stay far
        // below the error of a wrong derivative deep in the network.
        for (int seed = 0; seed < 5; seed++) {
            Rng rng = new Rng(seed);
            Network broken = new Network(seed)
                    .add(new Dense(5, 7)).add(new BrokenTanh())
                    .add(new Dense(7, 3)).add(new Activation(Activation.Kind.SIGMOID))
                    .use(Loss.mse());
            GradientCheck.Report report = GradientCheck.network(broken, Tensor.uniform(rng, -1f, 1f, 2, 5),
                    Tensor.uniform(rng, 0f, 1f, 2, 3));
            assertFalse(report.passed(), report.toString());
        }
    }

    @Test
    void theTutorialsConvBiasGradientFails() {
        // The tutorial scales the bias gradient by the input depth; with 3 input channels that is
        // 3× the true gradient, and the check must say so, while our Conv2D passes.
        Conv2D conv = new Conv2D(3, 2, 3);
        conv.initialize(new Rng(5));
        Tensor x = uniform(5, 2, 3, 6, 6);
        assertPassed(GradientCheck.layer(conv, x));
        Layer tutorial = new Layer() {
            @Override
            public int[] outputShape(int[] inputShape) {
                return conv.outputShape(inputShape);
            }

            @Override
            public Tensor forward(Tensor input) {
                return conv.forward(input);
            }

            @Override
            public Tensor backward(Tensor dy) {
                Tensor before = conv.bias().gradient().copy();
                Tensor dx = conv.backward(dy);
                float[] g = conv.bias().gradient().data();
                for (int i = 0; i < g.length; i++) {
                    g[i] = before.data()[i] + 3 * (g[i] - before.data()[i]);
                }
                return dx;
            }

            @Override
            public java.util.List<Parameter> parameters() {
                return conv.parameters();
            }
        };
        GradientCheck.Report report = GradientCheck.layer(tutorial, x);
        assertFalse(report.passed(), report.toString());
    }

    private static void check(Layer layer, Tensor x, long seed) {
        layer.initialize(new Rng(seed));
        assertPassed(GradientCheck.layer(layer, x, GradientCheck.Settings.DEFAULT.withSeed(seed)));
    }

    private static void assertPassed(GradientCheck.Report report) {
        assertTrue(report.passed(), report.toString());
    }

    private static Tensor uniform(long seed, int... shape) {
        return Tensor.uniform(new Rng(seed), -1f, 1f, shape);
    }

    /** Values of magnitude in [0.1, 1]: no finite-difference step of 0.01 crosses ReLU's kink at 0. */
    private static Tensor awayFromZero(long seed, int... shape) {
        Rng rng = new Rng(seed);
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (rng.nextInt(2) == 0 ? -1 : 1) * rng.uniform(0.1f, 1f);
        }
        return t;
    }

    /** Distinct values 0.05 apart in random order: no step of 0.01 changes which value is a window's max. */
    private static Tensor separated(Rng rng, int... shape) {
        Tensor t = Tensor.zeros(shape);
        int[] order = new int[t.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        rng.shuffle(order);
        for (int i = 0; i < order.length; i++) {
            t.data()[i] = 0.05f * order[i] - 1f;
        }
        return t;
    }

    /**
     * [batch, channels, ...] whose m values per channel are −1 + 2k/(m − 1) for k = 0 … m − 1 in random
     * order, each moved by up to 0.1: a channel's deviation stays near 0.6 or more, far above the
     * finite-difference step. With values drawn at random, a channel of 3 could fall close together,
     * where the normalization curves so sharply over one step that the numeric gradient is wrong.
     */
    private static Tensor spreadPerChannel(Rng rng, int... shape) {
        Tensor t = Tensor.zeros(shape);
        int n = shape[0], c = shape[1], s = t.size() / (n * c), m = n * s;
        for (int ch = 0; ch < c; ch++) {
            int[] order = new int[m];
            for (int k = 0; k < m; k++) {
                order[k] = k;
            }
            rng.shuffle(order);
            for (int k = 0; k < m; k++) {
                int i = k / s, e = k % s;
                t.data()[(i * c + ch) * s + e] = -1f + 2f * order[k] / (m - 1) + rng.uniform(-0.1f, 0.1f);
            }
        }
        return t;
    }

    /** A tanh layer with a wrong derivative. */
    private static final class BrokenTanh implements Layer {
        private Tensor output;
        private Tensor gradient;

        @Override
        public int[] outputShape(int[] inputShape) {
            return inputShape;
        }

        @Override
        public Tensor forward(Tensor x) {
            output = Tensor.reuseLike(output, x);
            for (int i = 0; i < x.size(); i++) {
                output.data()[i] = (float) Math.tanh(x.data()[i]);
            }
            return output;
        }

        @Override
        public Tensor backward(Tensor dy) {
            gradient = Tensor.reuseLike(gradient, dy);
            for (int i = 0; i < dy.size(); i++) {
                gradient.data()[i] = dy.data()[i] * (1 - output.data()[i]);
            }
            return gradient;
        }
    }
}

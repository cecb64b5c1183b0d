package dev.nn.examples;

import dev.nn.layers.Init;
import dev.nn.Loss;
import dev.nn.Network;
import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import dev.nn.layers.Activation;
import dev.nn.layers.Conv2D;
import java.util.Locale;

/**
 * The tutorial's convolution example: three valid 3×3 convolutions with tanh, 10×10×1 → 8×8×1 →
 * 6×6×1 → 4×4×2, fit a random target from a random input with mean squared error.
 */
final class TutorialConv implements Example {
    @Override
    public Options defaults() {
        return new Options(1000, 1, 0.3f, 0, null);
    }

    @Override
    public void run(Options o) {
        Rng rng = new Rng(o.seed());
        Tensor x = Tensor.uniform(rng, 0f, 1f, 1, 1, 10, 10);
        Tensor y = Tensor.uniform(rng, 0f, 1f, 1, 2, 4, 4);
        Network net = new Network(o.seed())
                .add(new Conv2D(1, 1, 3).init(Init.UNIFORM_HALF))
                .add(new Activation(Activation.Kind.TANH))
                .add(new Conv2D(1, 1, 3).init(Init.UNIFORM_HALF))
                .add(new Activation(Activation.Kind.TANH))
                .add(new Conv2D(1, 2, 3).init(Init.UNIFORM_HALF))
                .add(new Activation(Activation.Kind.TANH))
                .use(Loss.mse());
        net.fit(x, y, o.epochs(), o.learningRate());
        Tensor out = net.predict(x);
        System.out.println("predicted = " + format(out));
        System.out.println("expected  = " + format(y));
    }

    private static String format(Tensor t) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < t.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", t.data()[i]));
        }
        return sb.append(']').toString();
    }
}

package dev.nn.examples;

import dev.nn.layers.Init;
import dev.nn.Loss;
import dev.nn.Network;
import dev.nn.core.Tensor;
import dev.nn.layers.Activation;
import dev.nn.layers.Dense;
import java.util.Locale;

/**
 * The tutorial's first example: a 2-3-1 network with tanh activations learns XOR with mean squared
 * error and plain gradient descent, one sample at a time.
 */
final class Xor implements Example {
    static final float[] INPUTS = {0, 0, 0, 1, 1, 0, 1, 1};
    static final float[] TARGETS = {0, 1, 1, 0};

    @Override
    public Options defaults() {
        return new Options(1000, 1, 0.1f, 0, null);
    }

    @Override
    public void run(Options o) {
        Tensor x = Tensor.wrap(INPUTS.clone(), 4, 2);
        Tensor y = Tensor.wrap(TARGETS.clone(), 4, 1);
        Network net = network(o.seed());
        net.fit(x, y, o.epochs(), o.learningRate());
        Tensor out = net.predict(x);
        for (int i = 0; i < 4; i++) {
            System.out.printf(Locale.ROOT, "%s xor %s -> %.4f (expected %s)%n",
                    (int) x.get(i, 0), (int) x.get(i, 1), out.get(i, 0), (int) y.get(i, 0));
        }
    }

    /** The tutorial's network, with its uniform(−0.5, 0.5) initialisation. */
    static Network network(long seed) {
        return new Network(seed)
                .add(new Dense(2, 3).init(Init.UNIFORM_HALF))
                .add(new Activation(Activation.Kind.TANH))
                .add(new Dense(3, 1).init(Init.UNIFORM_HALF))
                .add(new Activation(Activation.Kind.TANH))
                .use(Loss.mse());
    }
}

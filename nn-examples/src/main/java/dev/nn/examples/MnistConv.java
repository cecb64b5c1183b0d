package dev.nn.examples;

import dev.nn.Loss;
import dev.nn.Network;
import dev.nn.data.Mnist;
import dev.nn.layers.Activation;
import dev.nn.layers.Conv2D;
import dev.nn.layers.Dense;
import dev.nn.layers.Flatten;
import dev.nn.layers.MaxPool2D;

/**
 * A convolutional network on MNIST: conv 3×3 1→16, ReLU, max-pool 2, conv 3×3 16→32, ReLU,
 * max-pool 2, dense 800→10, softmax cross-entropy.
 */
final class MnistConv implements Example {
    @Override
    public Options defaults() {
        return new Options(5, 32, 0.01f, 0, null);
    }

    @Override
    public void run(Options o) throws Exception {
        Mnist data = MnistRun.load(o);
        MnistRun.trainAndTest("mnist-conv", network(o.seed()), data, o);
    }

    static Network network(long seed) {
        return new Network(seed)
                .add(new Conv2D(1, 16, 3))
                .add(new Activation(Activation.Kind.RELU))
                .add(new MaxPool2D(2))
                .add(new Conv2D(16, 32, 3))
                .add(new Activation(Activation.Kind.RELU))
                .add(new MaxPool2D(2))
                .add(new Flatten())
                .add(new Dense(32 * 5 * 5, 10))
                .use(Loss.softmaxCrossEntropy());
    }
}

package dev.nn.examples;

import dev.nn.Loss;
import dev.nn.Network;
import dev.nn.data.Mnist;
import dev.nn.layers.Activation;
import dev.nn.layers.Dense;
import dev.nn.layers.Flatten;

/** A dense network on MNIST: 784-128 (ReLU) -10, softmax cross-entropy. */
final class MnistFc implements Example {
    @Override
    public Options defaults() {
        return new Options(10, 32, 0.01f, 0, null);
    }

    @Override
    public void run(Options o) throws Exception {
        Mnist data = MnistRun.load(o);
        MnistRun.trainAndTest("mnist-fc", network(o.seed()), data, o);
    }

    static Network network(long seed) {
        return new Network(seed)
                .add(new Flatten())
                .add(new Dense(784, 128))
                .add(new Activation(Activation.Kind.RELU))
                .add(new Dense(128, 10))
                .use(Loss.softmaxCrossEntropy());
    }
}

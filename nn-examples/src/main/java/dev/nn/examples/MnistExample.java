package dev.nn.examples;

import dev.nn.Evaluation;
import dev.nn.FitOptions;
import dev.nn.History;
import dev.nn.Loss;
import dev.nn.Network;
import dev.nn.Optimizer;
import dev.nn.callbacks.LearningRateSchedule;
import dev.nn.core.Backend;
import dev.nn.data.Mnist;
import dev.nn.digits.EmbeddedDigits;
import dev.nn.layers.Activation;
import dev.nn.layers.BatchNorm;
import dev.nn.layers.Conv2D;
import dev.nn.layers.Dense;
import dev.nn.layers.Flatten;
import dev.nn.layers.MaxPool2D;
import java.io.IOException;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * The MNIST examples: a network trained on the digits with SGD + momentum 0.9, the rate annealed
 * along a cosine from {@code --lr} to a hundredth of it by the last epoch, one line per epoch,
 * then {@code test accuracy: 0.XXXX} on the held-out images; with {@code --save FILE}, the trained
 * network is saved to a model file that the predict example loads; with {@code --plot DIR}, pictures
 * of the run are written there. The test images also serve as validation data, as in Keras's MNIST
 * examples, so that each epoch reports (and the curves show) how the network does on unseen digits;
 * nothing is tuned on them.
 */
record MnistExample(String name, Options defaults, LongFunction<Network> network) implements Example {

    /** mnist-fc: 784-128 (ReLU) -10, softmax cross-entropy. */
    static Network dense(long seed) {
        return new Network(seed)
                .add(new Flatten())
                .add(new Dense(784, 128))
                .add(new Activation(Activation.Kind.RELU))
                .add(new Dense(128, 10))
                .use(Loss.softmaxCrossEntropy());
    }

    /**
     * mnist-conv: conv 3×3 1→16, ReLU, max-pool 2, conv 3×3 16→32, ReLU, max-pool 2, dense 800→10,
     * softmax cross-entropy.
     */
    static Network conv(long seed) {
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

    /**
     * mnist-bn: conv 3×3 1→32, BatchNorm, ReLU, max-pool 2, conv 3×3 32→64, BatchNorm, ReLU,
     * max-pool 2, dense 1600→128, BatchNorm, ReLU, dense 128→10, softmax cross-entropy: the usual
     * shape of a small CNN for Fashion-MNIST ({@code --data}).
     */
    static Network batchNormConv(long seed) {
        return new Network(seed)
                .add(new Conv2D(1, 32, 3)).add(new BatchNorm(32)).add(new Activation(Activation.Kind.RELU))
                .add(new MaxPool2D(2))
                .add(new Conv2D(32, 64, 3)).add(new BatchNorm(64)).add(new Activation(Activation.Kind.RELU))
                .add(new MaxPool2D(2))
                .add(new Flatten())
                .add(new Dense(64 * 5 * 5, 128)).add(new BatchNorm(128)).add(new Activation(Activation.Kind.RELU))
                .add(new Dense(128, 10))
                .use(Loss.softmaxCrossEntropy());
    }

    /** The embedded digits (nn-digits), or the four IDX files in {@code --data DIR}. */
    static Mnist load(Options o) throws IOException {
        return o.data() == null ? EmbeddedDigits.load() : Mnist.load(o.data());
    }

    @Override
    public void run(Options o) throws IOException {
        Mnist data = load(o);
        System.out.printf(Locale.ROOT, "%s: %d training and %d test images from %s; %s%n", name,
                data.train().size(), data.test().size(), o.data() == null ? "the embedded MNIST subset" : o.data(),
                Backend.description());
        Network net = network.apply(o.seed());
        // fit prints its progress: a live line on a terminal, one line per epoch elsewhere.
        History history = net.fit(data.train(), new FitOptions().epochs(o.epochs()).batchSize(o.batch()).seed(o.seed())
                .optimizer(Optimizer.momentum(o.learningRate(), 0.9f)).validation(data.test())
                .callbacks(LearningRateSchedule.cosine(o.learningRate(), o.learningRate() / 100, 0, o.epochs())));
        Evaluation test = net.evaluate(data.test());
        System.out.printf(Locale.ROOT, "test accuracy: %.4f%n", test.accuracy());
        if (o.plot() != null) {
            ExamplePlots.withImages(o.plot(), history, test, net.predictClasses(data.test().inputs()), data.test());
        }
        if (o.save() != null) {
            net.save(o.save());
            System.out.println("saved the model to " + o.save() + " (run the predict example with --model " + o.save() + ")");
        }
    }
}

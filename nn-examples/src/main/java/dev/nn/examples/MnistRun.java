package dev.nn.examples;

import dev.nn.Evaluation;
import dev.nn.FitOptions;
import dev.nn.Network;
import dev.nn.Optimizer;
import dev.nn.core.Kernels;
import dev.nn.data.Mnist;
import java.io.IOException;
import java.util.Locale;

/** What the two MNIST examples share: loading the digits, training with a line per epoch, testing. */
final class MnistRun {
    private MnistRun() {
    }

    /** The embedded digits, or the four IDX files in {@code --data DIR}. */
    static Mnist load(Options o) throws IOException {
        return o.data() == null ? Mnist.loadResources(MnistRun.class, "mnist-10k") : Mnist.load(o.data());
    }

    /** Trains with SGD + momentum 0.9, prints one line per epoch, then {@code test accuracy: 0.XXXX}. */
    static Evaluation trainAndTest(String name, Network net, Mnist data, Options o) {
        System.out.printf(Locale.ROOT, "%s: %d training and %d test images from %s; %s%n", name,
                data.train().size(), data.test().size(), o.data() == null ? "the embedded MNIST subset" : o.data(),
                Kernels.description());
        net.fit(data.train(), new FitOptions().epochs(o.epochs()).batchSize(o.batch()).seed(o.seed())
                .optimizer(Optimizer.momentum(o.learningRate(), 0.9f))
                .onEpoch(System.out::println));
        Evaluation test = net.evaluate(data.test());
        System.out.printf(Locale.ROOT, "test accuracy: %.4f%n", test.accuracy());
        return test;
    }
}

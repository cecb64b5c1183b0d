package dev.nn.examples;

import dev.nn.Evaluation;
import dev.nn.Network;
import dev.nn.core.Tensor;
import dev.nn.data.DataSet;
import dev.nn.data.OneHot;
import java.io.IOException;
import java.util.Locale;

/**
 * predict: loads a model file saved by another process (e.g. {@code mnist-conv --save FILE}) and
 * uses it as it is: the test accuracy on the held-out digits and the first few predictions.
 */
final class PredictExample implements Example {
    private static final int SHOWN = 10;

    @Override
    public Options defaults() {
        return new Options(1, 1, 1f, 0, null);
    }

    @Override
    public void run(Options o) throws IOException {
        if (o.model() == null) {
            throw new IOException("predict needs --model FILE, a model file saved by mnist-fc or mnist-conv with --save FILE");
        }
        Network net = Network.load(o.model());
        System.out.println("loaded " + o.model() + ": " + net.layers());
        DataSet test = MnistExample.load(o).test();
        Evaluation evaluation = net.evaluate(test);
        System.out.printf(Locale.ROOT, "test accuracy: %.4f on %d images%n", evaluation.accuracy(), test.size());
        DataSet first = test.slice(0, Math.min(SHOWN, test.size()));
        Tensor scores = net.predict(first.inputs());
        int classes = scores.dim(1);
        for (int i = 0; i < first.size(); i++) {
            int predicted = OneHot.argmax(scores.data(), i * classes, classes);
            int truth = OneHot.argmax(first.targets().data(), i * classes, classes);
            System.out.printf(Locale.ROOT, "image %d: predicted %d, true %d%s%n", i, predicted, truth,
                    predicted == truth ? "" : "  (wrong)");
        }
    }
}

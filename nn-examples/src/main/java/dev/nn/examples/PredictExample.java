package dev.nn.examples;

import dev.nn.Evaluation;
import dev.nn.Network;
import dev.nn.core.Tensor;
import dev.nn.data.ClassLabels;
import dev.nn.data.Csv;
import dev.nn.data.DataSet;
import dev.nn.data.OneHot;
import dev.nn.data.TabularData;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;

/**
 * predict: loads a model file saved by another process (e.g. {@code mnist-conv --save FILE}) and
 * uses it as it is: the test accuracy on the held-out digits and the first few predictions; or,
 * with {@code --csv FILE --label COLUMN}, a model saved by the tabular example on the raw rows of a
 * CSV file, which the model's own scaler scales and whose labels it names with its own classes.
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
        if (o.csv() != null) {
            predictRows(net, o);
            return;
        }
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

    private static void predictRows(Network net, Options o) throws IOException {
        ClassLabels classes = net.classes();
        if (classes == null || o.label() == null) {
            throw new IOException(classes == null ? o.model() + " has no class names: save it from the tabular example"
                    : "--csv " + o.csv() + " needs --label COLUMN, the name of its class column");
        }
        TabularData rows = Csv.withHeader().classColumn(o.label()).classes(classes).read(o.csv());
        Evaluation evaluation = net.evaluate(rows.data());
        System.out.printf(Locale.ROOT, "accuracy: %.4f on the %d rows of %s%n%s%n", evaluation.accuracy(),
                rows.data().size(), o.csv(), evaluation.confusion());
        DataSet first = rows.data().slice(0, Math.min(SHOWN, rows.data().size()));
        int[] predicted = net.predictClasses(first.inputs());
        int features = rows.featureNames().size();
        for (int i = 0; i < first.size(); i++) {
            int truth = OneHot.argmax(first.targets().data(), i * classes.count(), classes.count());
            float[] raw = Arrays.copyOfRange(first.inputs().data(), i * features, (i + 1) * features);
            System.out.printf(Locale.ROOT, "row %d %s: predicted %s, true %s%s%n", i + 1, Arrays.toString(raw),
                    classes.name(predicted[i]), classes.name(truth), predicted[i] == truth ? "" : "  (wrong)");
        }
    }
}

package dev.nn.examples;

import dev.nn.EpochStats;
import dev.nn.Evaluation;
import dev.nn.FitOptions;
import dev.nn.History;
import dev.nn.Loss;
import dev.nn.Metric;
import dev.nn.Network;
import dev.nn.Optimizer;
import dev.nn.callbacks.EarlyStopping;
import dev.nn.data.Csv;
import dev.nn.data.Scaler;
import dev.nn.data.Split;
import dev.nn.data.TabularData;
import dev.nn.layers.Dense;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * tabular: a classifier of the rows of a CSV file — by default the Iris data that ships with the
 * examples, or {@code --csv FILE --label COLUMN}. The rows are split 60/20/20 into training,
 * validation and test sets, stratified by class; a standardizer fitted on the training rows
 * becomes part of the network; training stops early when the validation loss stops improving
 * (keeping the best epoch's weights); then the test set's metrics table is printed, and
 * {@code --plot DIR} and {@code --save FILE} write the pictures and the model, which the predict
 * example then uses on raw rows.
 */
final class TabularExample implements Example {
    private static final String IRIS = "iris.csv";
    private static final int PATIENCE = 20;
    private static final int PRINT_EVERY = 10;

    @Override
    public Options defaults() {
        return new Options(300, 16, 0.01f, 0, null);
    }

    @Override
    public void run(Options o) throws IOException {
        TabularData table = read(o);
        Split split = Split.stratified(table.data(), o.seed(), 0.6, 0.2, 0.2);
        System.out.printf(Locale.ROOT, "tabular: %d rows of %s; features %s; %d classes %s; split %d / %d / %d%n",
                table.data().size(), o.csv() == null ? IRIS : o.csv(), table.featureNames(), table.classes().count(),
                table.classes().names(), split.train().size(), split.validation().size(), split.test().size());
        int features = table.featureNames().size(), classes = table.classes().count();
        Network net = new Network(o.seed()).input(features)
                .add(new Dense(features, 16).withRelu())
                .add(new Dense(16, 16).withRelu())
                .add(new Dense(16, classes))
                .use(Loss.softmaxCrossEntropy())
                .scaleInputs(Scaler.standardizer(split.train().inputs()))
                .classes(table.classes());
        EarlyStopping early = new EarlyStopping(Metric.VALIDATION_LOSS, PATIENCE);
        History history = net.fit(split.train(), new FitOptions().epochs(o.epochs()).batchSize(o.batch()).seed(o.seed())
                .optimizer(Optimizer.adam(o.learningRate())).validation(split.validation()).callbacks(early)
                .verbosity(FitOptions.Verbosity.SILENT).onEpoch(TabularExample::printSome));
        System.out.printf(Locale.ROOT, "stopped after %d epochs; kept the weights of epoch %d, the lowest validation loss%n",
                history.size(), early.bestEpoch());
        Evaluation test = net.evaluate(split.test());
        System.out.println("test set: " + test);
        if (o.plot() != null) {
            ExamplePlots.curvesAndConfusion(o.plot(), history, test);
        }
        if (o.save() != null) {
            net.save(o.save());
            System.out.println("saved the model, its scaler and class names to " + o.save()
                    + " (predict on raw rows: predict --model " + o.save() + " --csv FILE --label COLUMN)");
        }
    }

    private static void printSome(EpochStats epoch) {
        if (epoch.epoch() % PRINT_EVERY == 0 || epoch.epoch() == 1) {
            System.out.printf(Locale.ROOT, "epoch %d  loss %.4f  accuracy %.4f  val_loss %.4f  val_accuracy %.4f%n",
                    epoch.epoch(), epoch.loss(), epoch.accuracy(), epoch.validationLoss(), epoch.validationAccuracy());
        }
    }

    /** The CSV file given, or the Iris data bundled with the examples, with its class column. */
    private static TabularData read(Options o) throws IOException {
        if (o.csv() != null) {
            if (o.label() == null) {
                throw new IOException("--csv " + o.csv() + " needs --label COLUMN, the name of its class column");
            }
            return Csv.withHeader().classColumn(o.label()).read(o.csv());
        }
        Path copy = Files.createTempFile("nn-iris", ".csv");
        try (InputStream in = TabularExample.class.getResourceAsStream("/" + IRIS)) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            return Csv.withHeader().classColumn("species").read(copy);
        } finally {
            Files.delete(copy);
        }
    }
}

package dev.nn.examples;

import java.io.IOException;
import java.util.Map;

/**
 * Runs an example by name: {@code xor}, {@code conv}, {@code mnist-fc}, {@code mnist-conv}, {@code mnist-bn},
 * {@code tabular} or {@code predict}, with options {@code --epochs N}, {@code --batch N}, {@code --lr X},
 * {@code --seed N}, {@code --data DIR} (a directory with the four MNIST-format IDX files; default:
 * the embedded 10,000-digit MNIST subset), {@code --save FILE} (the MNIST examples save the trained
 * model there), {@code --model FILE} (the model file predict loads), {@code --plot DIR} (PNG
 * pictures of the run are written there) and {@code --csv FILE --label COLUMN} (the CSV file the
 * tabular example trains on, and predict predicts on, with its class column).
 */
public final class Main {
    private static final Map<String, Example> EXAMPLES = Map.of(
            "xor", new Xor(),
            "conv", new TutorialConv(),
            "mnist-fc", new MnistExample("mnist-fc", new Options(10, 32, 0.03f, 0, null), MnistExample::dense),
            "mnist-conv", new MnistExample("mnist-conv", new Options(5, 32, 0.01f, 0, null), MnistExample::conv),
            "mnist-bn", new MnistExample("mnist-bn", new Options(5, 64, 0.02f, 0, null), MnistExample::batchNormConv),
            "tabular", new TabularExample(),
            "predict", new PredictExample());

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !EXAMPLES.containsKey(args[0])) {
            System.err.println((args.length == 0 ? "no example named" : "unknown example '" + args[0] + "'") + "\n" + usage());
            System.exit(2);
        }
        Example example = EXAMPLES.get(args[0]);
        Options options;
        try {
            options = Options.parse(args, 1, example.defaults());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + usage());
            System.exit(2);
            return;
        }
        try {
            example.run(options);
        } catch (IOException | IllegalArgumentException e) {
            // A data or model file that is missing or broken (or a CSV value that is not a number):
            // the message names the file and what is wrong.
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    static String usage() {
        return """
                usage: <example> [--epochs N] [--batch N] [--lr X] [--seed N] [--data DIR] [--save FILE] [--model FILE] [--plot DIR]
                                 [--csv FILE --label COLUMN]
                examples:
                  xor         the tutorial's 2-3-1 tanh network learning XOR (MSE, plain SGD)
                  conv        the tutorial's stack of 3×3 convolutions fitting random data
                  mnist-fc    a dense network on MNIST digits; --save FILE saves it, --plot DIR draws it
                  mnist-conv  a convolutional network on MNIST digits; --save FILE saves it, --plot DIR draws it
                  mnist-bn    a larger convolutional network with BatchNorm, for Fashion-MNIST (--data DIR)
                  tabular     a classifier of a CSV file's rows (default: the bundled Iris data; --csv FILE --label
                              COLUMN for yours): stratified split, standardizer, early stopping, metrics table
                  predict     loads --model FILE and prints its test accuracy and first predictions on the digits,
                              or, with --csv FILE --label COLUMN, on the raw rows of a CSV file
                --data DIR reads train-images-idx3-ubyte[.gz] and the other three standard files from DIR
                (full MNIST, or Fashion-MNIST at /usr/share/datasets/fashion-mnist); default: the
                embedded 8,000 + 2,000 MNIST digits; the test digits are also the validation data
                --plot DIR writes training.png (loss and accuracy per epoch, training and validation),
                confusion.png (the test confusion matrix) and, for digits, predictions.png (test images with
                their predicted / true classes, the wrong ones in red) to DIR, creating it if missing""";
    }
}

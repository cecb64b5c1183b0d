package dev.nn.examples;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Command-line options of the examples; {@code data} is null for the embedded digits, {@code save}
 * null for no model file, {@code model} the model file the predict example reads (null if not given),
 * {@code plot} the directory the MNIST examples write their pictures to (null for none).
 */
record Options(int epochs, int batch, float learningRate, long seed, Path data, Path save, Path model, Path plot) {

    /** Options without model files or pictures. */
    Options(int epochs, int batch, float learningRate, long seed, Path data) {
        this(epochs, batch, learningRate, seed, data, null, null, null);
    }

    /** Parses {@code --name value} pairs from args[from..], starting from the example's defaults. */
    static Options parse(String[] args, int from, Options defaults) {
        Options o = defaults;
        for (int i = from; i < args.length; i += 2) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            String value = args[i + 1];
            o = switch (name) {
                case "--epochs" -> new Options(positive(name, value), o.batch, o.learningRate, o.seed, o.data, o.save, o.model, o.plot);
                case "--batch" -> new Options(o.epochs, positive(name, value), o.learningRate, o.seed, o.data, o.save, o.model, o.plot);
                case "--lr" -> new Options(o.epochs, o.batch, positiveFloat(name, value), o.seed, o.data, o.save, o.model, o.plot);
                case "--seed" -> new Options(o.epochs, o.batch, o.learningRate, parseLong(name, value), o.data, o.save, o.model, o.plot);
                case "--data" -> new Options(o.epochs, o.batch, o.learningRate, o.seed, directory(value), o.save, o.model, o.plot);
                case "--save" -> new Options(o.epochs, o.batch, o.learningRate, o.seed, o.data, Path.of(value), o.model, o.plot);
                case "--model" -> new Options(o.epochs, o.batch, o.learningRate, o.seed, o.data, o.save, existingFile(name, value), o.plot);
                case "--plot" -> new Options(o.epochs, o.batch, o.learningRate, o.seed, o.data, o.save, o.model, Path.of(value));
                default -> throw new IllegalArgumentException("unknown option " + name);
            };
        }
        return o;
    }

    private static int positive(String name, String value) {
        long v = parseLong(name, value);
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be a whole number of at least 1, got " + value);
        }
        return (int) v;
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got " + value);
        }
    }

    private static float positiveFloat(String name, String value) {
        try {
            float v = Float.parseFloat(value);
            if (v > 0 && Float.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive number, got " + value);
    }

    private static Path existingFile(String name, String value) {
        Path p = Path.of(value);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(name + " " + value + " is not a file");
        }
        return p;
    }

    private static Path directory(String value) {
        Path p = Path.of(value);
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException("--data " + value + " is not a directory");
        }
        return p;
    }
}

package dev.nn.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line options of the examples; {@code data} is null for the embedded digits, {@code save}
 * null for no model file, {@code model} the model file the predict example reads (null if not given),
 * {@code plot} the directory the examples write their pictures to (null for none), {@code csv} the
 * CSV file the tabular example trains on (null for the bundled Iris data) and {@code label} its
 * class column.
 */
record Options(int epochs, int batch, float learningRate, long seed, Path data, Path save, Path model, Path plot,
        Path csv, String label) {
    private static final List<String> NAMES = List.of("--epochs", "--batch", "--lr", "--seed", "--data", "--save",
            "--model", "--plot", "--csv", "--label");

    /** An example's defaults: no files, no pictures. */
    Options(int epochs, int batch, float learningRate, long seed, Path data) {
        this(epochs, batch, learningRate, seed, data, null, null, null, null, null);
    }

    /** Parses {@code --name value} pairs from args[from..]; an option not given keeps the example's default. */
    static Options parse(String[] args, int from, Options defaults) {
        Map<String, String> given = new HashMap<>();
        for (int i = from; i < args.length; i += 2) {
            String name = args[i];
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            given.put(name, args[i + 1]);
        }
        return new Options(
                given.containsKey("--epochs") ? positive("--epochs", given.get("--epochs")) : defaults.epochs,
                given.containsKey("--batch") ? positive("--batch", given.get("--batch")) : defaults.batch,
                given.containsKey("--lr") ? positiveFloat("--lr", given.get("--lr")) : defaults.learningRate,
                given.containsKey("--seed") ? parseLong("--seed", given.get("--seed")) : defaults.seed,
                given.containsKey("--data") ? directory(given.get("--data")) : defaults.data,
                given.containsKey("--save") ? Path.of(given.get("--save")) : defaults.save,
                given.containsKey("--model") ? existingFile("--model", given.get("--model")) : defaults.model,
                given.containsKey("--plot") ? Path.of(given.get("--plot")) : defaults.plot,
                given.containsKey("--csv") ? existingFile("--csv", given.get("--csv")) : defaults.csv,
                given.getOrDefault("--label", defaults.label));
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

package dev.nn.bench;

import dev.nn.FitOptions;
import dev.nn.Network;
import dev.nn.Optimizer;
import dev.nn.core.Tensor;
import dev.nn.digits.EmbeddedDigits;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The time a fresh JVM takes from its start to the first prediction of a network loaded from a
 * model file: what a command-line tool or a service that scales out waits for. Trains the reference
 * MLP for one epoch on the embedded digits, saves it, then starts {@code --runs} JVMs that each load
 * it and predict one digit, and prints each one's time from JVM start (as the JVM reports it) to the
 * prediction, then the median and range. With {@code --compare "FLAGS"} the runs alternate between
 * the default and the JVM flags given, e.g. {@code -Dnn.warmup=false}, and both are summarized.
 *
 * <pre>
 * java --add-modules=jdk.incubator.vector -cp nn-bench/target/benchmarks.jar dev.nn.bench.ColdStart \
 *     [--runs N] [--compare "-Dnn.warmup=false"]
 * </pre>
 *
 * The children run on this JVM's class path (the benchmark jar); a service's own class path is
 * smaller, and so its start may be a little faster.
 */
public final class ColdStart {
    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--child")) {
            child(Path.of(args[1]));
            return;
        }
        int runs = 10;
        String compare = null;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--compare" -> compare = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --runs N, --compare \"JVM flags\"");
            }
        }
        Path model = Files.createTempFile("nn-cold-start", ".safetensors");
        try {
            Network net = TrainBench.mlp(0);
            net.fit(EmbeddedDigits.load().train(), new FitOptions().epochs(1).batchSize(64)
                    .optimizer(Optimizer.momentum(0.01f, 0.9f)).verbosity(FitOptions.Verbosity.SILENT));
            net.save(model);
            List<String> variants = compare == null ? List.of("") : List.of("", compare);
            List<List<Long>> millis = new ArrayList<>();
            for (int v = 0; v < variants.size(); v++) {
                millis.add(new ArrayList<>());
            }
            for (int r = 0; r < runs; r++) {
                for (int v = 0; v < variants.size(); v++) {
                    long ms = runChild(variants.get(v), model);
                    millis.get(v).add(ms);
                    System.out.printf(Locale.ROOT, "run %d%s: %d ms%n", r + 1, label(variants.get(v)), ms);
                }
            }
            for (int v = 0; v < variants.size(); v++) {
                long[] sorted = millis.get(v).stream().mapToLong(Long::longValue).sorted().toArray();
                System.out.printf(Locale.ROOT, "JVM start to first prediction%s: median %d ms (%d–%d) over %d runs%n",
                        label(variants.get(v)), sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1], runs);
            }
        } finally {
            Files.deleteIfExists(model);
        }
    }

    private static String label(String flags) {
        return flags.isEmpty() ? " (default)" : " (" + flags + ")";
    }

    /** Runs one child JVM with the given extra flags; its time from start to prediction. */
    private static long runChild(String flags, Path model) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-modules=jdk.incubator.vector");
        if (!flags.isBlank()) {
            command.addAll(Arrays.asList(flags.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ColdStart.class.getName(), "--child",
                model.toString()));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (p.waitFor() != 0 || !out.matches("\\d+")) {
            throw new IllegalStateException("the child JVM failed: " + command + " printed " + out);
        }
        return Long.parseLong(out);
    }

    /** Loads the model, predicts one digit, and prints the milliseconds since this JVM started. */
    private static void child(Path model) throws IOException {
        Network net = Network.load(model);
        float[] digit = new float[28 * 28];
        for (int i = 0; i < digit.length; i++) {
            digit[i] = (i * 7 % 23) / 23f;
        }
        float first = net.predict(Tensor.wrap(digit, 1, 1, 28, 28)).data()[0];
        long since = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        if (Float.isNaN(first)) {
            throw new IllegalStateException("the prediction is NaN");
        }
        System.out.println(since);
    }
}

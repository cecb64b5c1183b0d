package dev.nn.bench;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.Random;

/**
 * Times one convolution pass, or one matrix product, of two builds of nn-core in the same JVM, in
 * alternation, so that the host's swings (here ±25 % from minute to minute, and JMH forks up to 2×
 * apart) fall on both alike. Each build is loaded by its own class loader, so each gets its own JIT-compiled kernels.
 *
 * <pre>
 * java --add-modules=jdk.incubator.vector -cp nn-bench/target/benchmarks.jar dev.nn.bench.SideBySide \
 *     BASE NEW [--pass forward|input|weights|pooled|pooledInput|pooledWeights|gemm] [--layer 32to64_13x13]
 *     [--shape 1x784x128] [--rounds 200]
 * </pre>
 *
 * BASE and NEW are nn-core jars or class directories, for instance a copy of
 * {@code nn-core/target/classes} taken before a change and the directory itself after it. The
 * passes are those of a layer with ReLU and bias at batch 64, one thread: {@code Conv.forward},
 * {@code Conv.backwardInput}, {@code Conv.backwardWeights}, and {@code ConvPool.forward} with 2×2
 * pooling and its two gradients; {@code gemm} is {@code Gemm.sgemm} C = op(A)·op(B) of {@code --shape}
 * m×k×n (GemmBench's notation, a suffix _TN, _NT or _TT transposing A, B or both), one thread. After 200 calls of each, every round times 5 calls of one build then 5 of the other
 * (alternating which goes first); it prints the median and quartiles of the time per call. Two
 * copies of one build read a few percent apart on a time-sliced host (the benchmark report gives
 * the spread measured): smaller differences are noise. BASE may be a build from before the
 * kernels' facades moved to {@code dev.nn.core.kernels}; both layouts load.
 */
public final class SideBySide {
    private SideBySide() {
    }

    public static void main(String[] args) throws ReflectiveOperationException, MalformedURLException {
        if (args.length < 2 || args.length % 2 != 0) {
            throw new IllegalArgumentException("usage: SideBySide BASE NEW [--pass forward|input|weights|pooled|pooledInput|pooledWeights|gemm]"
                    + " [--layer 32to64_13x13] [--shape 1x784x128] [--rounds 200]");
        }
        String pass = "forward", layer = "32to64_13x13", shape = "1x784x128";
        int rounds = 200;
        for (int i = 2; i < args.length; i += 2) {
            switch (args[i]) {
                case "--pass" -> pass = args[i + 1];
                case "--layer" -> layer = args[i + 1];
                case "--shape" -> shape = args[i + 1];
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        // What the figures name: the convolution layer, or the product's shape.
        String what = pass.equals("gemm") ? shape : layer;
        Call[] calls = {new Call(args[0], pass, what), new Call(args[1], pass, what)};
        for (int i = 0; i < 200; i++) {
            calls[0].run();
            calls[1].run();
        }
        long[][] nanos = new long[2][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                int b = (r + k) % 2;
                long t0 = System.nanoTime();
                for (int j = 0; j < 5; j++) {
                    calls[b].run();
                }
                nanos[b][r] = (System.nanoTime() - t0) / 5;
            }
        }
        // Each round's ratio new/base, taken before the times are sorted: both builds ran in the
        // same few milliseconds, so its spread is far narrower than that of either build's times.
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratios[r] = (double) nanos[1][r] / nanos[0][r];
        }
        Arrays.sort(ratios);
        for (int b = 0; b < 2; b++) {
            long[] t = nanos[b];
            Arrays.sort(t);
            System.out.printf("%s %s %s: median %.1f µs per call (quartiles %.1f, %.1f) over %d rounds%n",
                    b == 0 ? "base" : "new ", pass, what, t[rounds / 2] / 1e3, t[rounds / 4] / 1e3,
                    t[3 * rounds / 4] / 1e3, rounds);
        }
        System.out.printf("new/base per round: median %.3f (quartiles %.3f, %.3f)%n", ratios[rounds / 2],
                ratios[rounds / 4], ratios[3 * rounds / 4]);
    }

    /** One pass of one build, with its arguments. */
    private static final class Call {
        private final Method method;
        private final Object[] arguments;

        /** {@code layer} is the convolution's (32to64_13x13), or for {@code gemm} the product's shape (m×k×n). */
        Call(String build, String pass, String layer) throws ReflectiveOperationException, MalformedURLException {
            File path = new File(build);
            if (!path.exists()) {
                throw new IllegalArgumentException("no nn-core build at " + build);
            }
            // The platform loader as parent: the benchmark jar's own copy of nn-core stays out.
            ClassLoader loader = new URLClassLoader(new URL[] {path.toURI().toURL()}, ClassLoader.getPlatformClassLoader());
            Class<?> shapeClass = loader.loadClass("dev.nn.core.ConvShape");
            load(loader, "Backend", "Kernels").getMethod("setThreads", int.class).invoke(null, 1);
            if (pass.equals("gemm")) {
                String[] parts = layer.split("_");
                String[] mkn = parts[0].split("x");
                String ops = parts.length > 1 ? parts[1] : "NN";
                if (mkn.length != 3 || parts.length > 2 || !ops.matches("[NT][NT]")) {
                    throw new IllegalArgumentException("shape must look like 1x784x128 (m×k×n), optionally with"
                            + " _NN/_TN/_NT/_TT, got " + layer);
                }
                int m = Integer.parseInt(mkn[0]), k = Integer.parseInt(mkn[1]), n = Integer.parseInt(mkn[2]);
                boolean transA = ops.charAt(0) == 'T', transB = ops.charAt(1) == 'T';
                Class<?> f = float[].class, i = int.class;
                method = load(loader, "kernels.Gemm", "Gemm").getMethod("sgemm", boolean.class, boolean.class, i, i, i,
                        float.class, f, i, i, f, i, i, float.class, f, i, i);
                // As in GemmBench: A stored k×m when transposed, else m×k; B likewise.
                arguments = new Object[] {transA, transB, m, n, k, 1f, random(m * k + 16), 0, transA ? m : k,
                        random(k * n + 16), 0, transB ? k : n, 0f, new float[m * n + 16], 0, n};
                return;
            }
            String[] parts = layer.split("to|_|x");
            if (parts.length != 4) {
                throw new IllegalArgumentException("layer must look like 32to64_13x13, got " + layer);
            }
            int in = Integer.parseInt(parts[0]), out = Integer.parseInt(parts[1]);
            Object s = shapeClass.getMethod("valid", int.class, int.class, int.class, int.class, int.class, int.class,
                    int.class).invoke(null, 64, in, Integer.parseInt(parts[2]), Integer.parseInt(parts[3]), out, 3, 3);
            int inputs = size(shapeClass, s, "inputSize"), outputs = size(shapeClass, s, "outputSize");
            int weights = size(shapeClass, s, "weightSize");
            // With a vector of slack at the end, as tensors have.
            float[] x = random(inputs + 16), w = random(weights + 16), bias = random(out + 16);
            float[] dy = random(outputs + 16), reluOutput = random(outputs + 16);
            Class<?> conv = load(loader, "kernels.Conv", "Conv");
            Class<?> f = float[].class;
            switch (pass) {
                case "forward" -> {
                    method = conv.getMethod("forward", shapeClass, f, f, f, boolean.class, f);
                    arguments = new Object[] {s, x, w, bias, true, new float[outputs + 16]};
                }
                case "input" -> {
                    method = conv.getMethod("backwardInput", shapeClass, f, f, f, f);
                    arguments = new Object[] {s, dy, reluOutput, w, new float[inputs + 16]};
                }
                case "weights" -> {
                    method = conv.getMethod("backwardWeights", shapeClass, f, f, f, f, f);
                    arguments = new Object[] {s, x, dy, reluOutput, new float[weights + 16], new float[out + 16]};
                }
                case "pooled" -> {
                    method = load(loader, "kernels.ConvPool", "ConvPool").getMethod("forward", shapeClass, int.class, f, f, f,
                            boolean.class, f, int[].class);
                    arguments = new Object[] {s, 2, x, w, bias, true, new float[outputs + 16], new int[outputs]};
                }
                case "pooledInput", "pooledWeights" -> {
                    // The gradients of the fused pooling, from the pooled output and argmax of a forward pass.
                    Class<?> convPool = load(loader, "kernels.ConvPool", "ConvPool");
                    float[] pooled = new float[outputs / 4 + 16];
                    int[] argmax = new int[outputs / 4];
                    convPool.getMethod("forward", shapeClass, int.class, f, f, f, boolean.class, f, int[].class)
                            .invoke(null, s, 2, x, w, bias, true, pooled, argmax);
                    if (pass.equals("pooledInput")) {
                        method = convPool.getMethod("backwardInput", shapeClass, int.class, f, f, boolean.class,
                                int[].class, f, f);
                        arguments = new Object[] {s, 2, dy, pooled, true, argmax, w, new float[inputs + 16]};
                    } else {
                        method = convPool.getMethod("backwardWeights", shapeClass, int.class, f, f, f, boolean.class,
                                int[].class, f, f);
                        arguments = new Object[] {s, 2, x, dy, pooled, true, argmax, new float[weights + 16],
                                new float[out + 16]};
                    }
                }
                default -> throw new IllegalArgumentException("unknown pass " + pass
                        + " (forward, input, weights, pooled, pooledInput, pooledWeights or gemm)");
            }
        }

        /**
         * The class of a build by its name under dev.nn.core, or by the name it had before the
         * packages were split (dev.nn.core.Kernels and the kernels' facades in dev.nn.core), so
         * that builds from before and after the split can be compared.
         */
        private static Class<?> load(ClassLoader loader, String name, String formerName) throws ClassNotFoundException {
            try {
                return loader.loadClass("dev.nn.core." + name);
            } catch (ClassNotFoundException e) {
                return loader.loadClass("dev.nn.core." + formerName);
            }
        }

        void run() throws IllegalAccessException, InvocationTargetException {
            method.invoke(null, arguments);
        }

        private static int size(Class<?> shapeClass, Object s, String name) throws ReflectiveOperationException {
            return (int) shapeClass.getMethod(name).invoke(s);
        }

        private static float[] random(int n) {
            Random r = new Random(1);
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextFloat() - 0.3f;
            }
            return v;
        }
    }
}

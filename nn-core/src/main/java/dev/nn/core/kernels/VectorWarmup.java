package dev.nn.core.kernels;

import dev.nn.core.kernels.elementwise.ElementwiseKernels;
import dev.nn.core.kernels.elementwise.ScalarElementwise;
import dev.nn.core.kernels.gemm.GemmKernels;
import dev.nn.core.kernels.gemm.ScalarGemm;
import dev.nn.core.runtime.VectorSupport;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells when the Vector API code of the kernels with identical twins is compiled, so that small
 * calls ({@link IdenticalTwins}) can run the scalar twins until then.
 *
 * <p>Why: until C2 compiles it, Vector API code runs with every vector an object, 45–80× slower
 * than compiled, and the first call also waits for the Vector API to load and link; plain scalar
 * loops are compiled within milliseconds. So the first small call starts a daemon thread that runs
 * the vector kernels on operands of a prediction's size (which also loads and links the Vector API
 * away from the caller's thread) and times each round against the scalar twins doing the same;
 * once the vector round is twice as fast, twice in a row, small calls switch. Nothing else
 * changes: the twins that stand in give the bits the vector kernels would have.
 *
 * <p>With one processor, or {@code -Dnn.warmup=false}, there is no thread: the vector kernels run
 * from the first call, as the Vector API decision ({@link VectorSupport}) allows.
 */
final class VectorWarmup {
    /** System property that, set to {@code false}, runs the vector kernels from the first call. */
    static final String PROPERTY = "nn.warmup";
    /** The longest the thread warms up for; then the vector kernels run however fast they are. */
    private static final long LIMIT_NANOS = 10_000_000_000L;
    private static final boolean THREAD = !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").trim())
            && Runtime.getRuntime().availableProcessors() > 1;
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private static volatile boolean warm = !THREAD && VectorSupport.enabled();

    private VectorWarmup() {
    }

    /**
     * Whether the Vector API kernels are compiled (or there is no warm-up and they are in use).
     * Stays false for good when the scalar kernels were chosen ({@link VectorSupport#enabled}).
     */
    static boolean isWarm() {
        return warm;
    }

    /** Starts the warm-up thread, once; later calls do nothing. */
    static void start() {
        if (THREAD && STARTED.compareAndSet(false, true)) {
            Thread t = new Thread(VectorWarmup::warmUp, "nn-vector-warmup");
            t.setDaemon(true);
            t.start();
        }
    }

    private static void warmUp() {
        if (!VectorSupport.enabled()) {
            return;
        }
        try {
            Operands operands = new Operands();
            long start = System.nanoTime();
            int faster = 0;
            while (faster < 2 && System.nanoTime() - start < LIMIT_NANOS) {
                long t0 = System.nanoTime();
                operands.run(Implementations.GEMM, Implementations.ELEMENTWISE);
                long t1 = System.nanoTime();
                operands.run(ScalarGemm.INSTANCE, ScalarElementwise.INSTANCE);
                long t2 = System.nanoTime();
                faster = 2 * (t1 - t0) < t2 - t1 ? faster + 1 : 0;
            }
        } finally {
            warm = true; // whatever happened here, the vector kernels are the ones to use from now on
        }
    }

    /**
     * Operands of a small prediction: a product of one and of three rows (GEMM's row path, its
     * tiles of 8, 4 and 1 vectors), and the element-wise maps and sums on a row of outputs.
     */
    static final class Operands {
        private static final int K = 256, N = 264;
        private final float[] a = filled(3 * K, 0.01f);
        private final float[] b = filled(K * N, -0.02f);
        private final float[] c = new float[3 * N];
        private final float[] d = new float[3 * N];
        private final float[] bias = filled(N, 0.5f);
        private final float[] sums = new float[N];

        private static float[] filled(int n, float step) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (i % 13 - 6) * step;
            }
            return x;
        }

        /** One round on the given implementations. */
        void run(GemmKernels gemm, ElementwiseKernels elementwise) {
            gemm.gemm(false, false, 1, N, K, 1f, a, 0, K, b, 0, N, 0f, c, 0, N);
            gemm.gemm(false, false, 3, N, K, 1f, a, 0, K, b, 0, N, 0f, c, 0, N);
            elementwise.addRowVector(3, N, bias, 0, c, 0);
            elementwise.relu(3 * N, c, 0, d, 0);
            elementwise.reluBackward(3 * N, c, 0, d, 0, d, 0);
            Arrays.fill(sums, 0f);
            elementwise.sumRows(3, N, d, 0, sums, 0);
            elementwise.add(N, c, 0, d, 0, d, 0);
            elementwise.scale(N, 0.5f, d, 0);
            elementwise.addChannelBias(1, 3, N, bias, 0, d, 0);
            elementwise.firstNonFinite(3 * N, d, 0);
        }
    }
}

package dev.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * In steady state a prediction allocates its result alone, as the JVM counts this thread's bytes.
 * (A training step's zero is measured by nn-bench's {@code TrainStepBench} with {@code -prof gc},
 * in a JVM of its own: in this suite's shared JVM the convolution kernels' compiled state depends
 * on the tests run before.) Until C2 compiles them the Vector API kernels allocate their
 * vectors, so each check runs rounds until one is within its bound, and fails if none is: anything
 * a call allocates besides the result, even one 16-byte object, keeps every round above it.
 */
class SteadyStateAllocationTest {
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int ROUNDS = 300;

    @Test
    void aPredictionAllocatesItsResultAlone() {
        Network net = ConcurrentInferenceTest.mlp();
        for (int samples : new int[] {1, 40}) {
            Tensor x = Tensor.uniform(new Rng(5), -1f, 1f, samples, 20);
            assertAllocatesAtMost(resultBytes(samples * 5, 2), () -> net.predict(x), "predict of " + samples + " samples");
        }
    }

    @Test
    void predictClassesAllocatesItsClassesAlone() {
        Network net = ConcurrentInferenceTest.mlp();
        for (int samples : new int[] {1, 40}) {
            Tensor x = Tensor.uniform(new Rng(6), -1f, 1f, samples, 20);
            assertAllocatesAtMost(arrayBytes(samples), () -> net.predictClasses(x), "predictClasses of " + samples + " samples");
        }
    }

    /**
     * An upper bound of a new tensor's bytes with compressed pointers: the object (a 12-byte
     * header, three 4-byte fields), its shape and its array of values with the vector of slack that
     * nn-core's arrays carry (16 floats).
     */
    private static long resultBytes(int values, int rank) {
        return 24 + arrayBytes(rank) + arrayBytes(values + 16);
    }

    /** The bytes of an array of n ints or floats: a 16-byte header, rounded up to 8 bytes. */
    private static long arrayBytes(int n) {
        return (16 + 4L * n + 7) / 8 * 8;
    }

    private static void assertAllocatesAtMost(long bound, Runnable call, String what) {
        int calls = 1000;
        long perCall = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS && perCall > bound; round++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < calls; i++) {
                call.run();
            }
            perCall = (THREADS.getCurrentThreadAllocatedBytes() - before) / calls;
        }
        assertTrue(perCall <= bound, what + " allocated " + perCall + " bytes per call, more than the " + bound + " expected");
    }
}

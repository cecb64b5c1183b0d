package dev.nn.core.kernels.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.nn.core.Close;
import dev.nn.core.ConvShape;
import dev.nn.core.Rng;
import dev.nn.core.runtime.ThreadPool;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An image's convolution outputs (plain, or max pooled with its argmax) are the same bits
 * whatever batch it is in and wherever it lies in that batch: every image of a random batch
 * equals that image convolved alone, on both implementations, on one thread and on three, for
 * shapes that take each of the vector kernels.
 */
class ConvBatchInvariancePropertyTest {
    /** Shapes of one image; the comments name the vector kernel of the plain forward pass. */
    private static final List<ConvShape> SHAPES = List.of(
            new ConvShape(1, 1, 28, 28, 32, 3, 3, 1, 0),   // RowConv (pooled: WideConv)
            new ConvShape(1, 2, 20, 19, 11, 3, 3, 1, 1),   // RowConv, padded, a partial block of filters
            new ConvShape(1, 32, 13, 13, 64, 3, 3, 1, 0),  // Winograd F(4×4)
            new ConvShape(1, 16, 7, 7, 16, 3, 3, 1, 0),    // Winograd F(2×2)
            new ConvShape(1, 16, 9, 8, 32, 3, 3, 1, 1),    // Winograd, padded
            new ConvShape(1, 3, 11, 13, 7, 5, 5, 1, 2),    // WideConv
            new ConvShape(1, 4, 12, 12, 5, 3, 3, 2, 1));   // columns and the GEMM (stride 2)
    private static final int TRIALS = 3;
    private static final int MAX_BATCH = 20;

    @Test
    void vectorConvImagesDoNotDependOnTheirBatch() {
        check(VectorConv.INSTANCE);
    }

    @Test
    void scalarConvImagesDoNotDependOnTheirBatch() {
        check(ScalarConv.INSTANCE);
    }

    private static void check(ConvKernels conv) {
        int threads = ThreadPool.size();
        try {
            Rng rng = new Rng(17);
            for (ConvShape one : SHAPES) {
                for (int trial = 0; trial < TRIALS; trial++) {
                    check(conv, one, 1 + rng.nextInt(MAX_BATCH), trial % 2 == 0 ? 1 : 3, rng);
                }
            }
        } finally {
            ThreadPool.resize(threads);
        }
    }

    /** A batch of the shape of {@code one}, on {@code threads}, against each image alone on one thread. */
    private static void check(ConvKernels conv, ConvShape one, int batch, int threads, Rng rng) {
        ConvShape s = new ConvShape(batch, one.inChannels(), one.height(), one.width(), one.outChannels(),
                one.kernelHeight(), one.kernelWidth(), one.stride(), one.padding());
        float[] x = Close.random(rng, s.inputSize()), w = Close.random(rng, s.weightSize());
        float[] bias = Close.random(rng, s.outChannels());
        boolean relu = rng.nextInt(2) == 0;
        int pool = 2 + rng.nextInt(2);
        int imageIn = one.inputSize(), imageOut = one.outputSize();
        int imagePooled = s.outChannels() * (s.outHeight() / pool) * (s.outWidth() / pool);
        ThreadPool.resize(threads);
        float[] y = new float[s.outputSize()], pooled = new float[batch * imagePooled];
        int[] argmax = new int[batch * imagePooled];
        conv.forward(s, x, w, bias, relu, y);
        conv.forwardPooled(s, pool, x, w, bias, relu, pooled, argmax);
        ThreadPool.resize(1);
        String what = conv.getClass().getSimpleName() + " " + s + " relu " + relu + " threads " + threads;
        for (int n = 0; n < batch; n++) {
            float[] image = Arrays.copyOfRange(x, n * imageIn, (n + 1) * imageIn);
            float[] yAlone = new float[imageOut], pooledAlone = new float[imagePooled];
            int[] argmaxAlone = new int[imagePooled];
            conv.forward(one, image, w, bias, relu, yAlone);
            conv.forwardPooled(one, pool, image, w, bias, relu, pooledAlone, argmaxAlone);
            assertArrayEquals(yAlone, Arrays.copyOfRange(y, n * imageOut, (n + 1) * imageOut),
                    "image " + n + ", " + what);
            assertArrayEquals(pooledAlone, Arrays.copyOfRange(pooled, n * imagePooled, (n + 1) * imagePooled),
                    "image " + n + " pooled " + pool + "×" + pool + ", " + what);
            // argmax indexes the whole batch's convolution output: image n's starts n images in.
            int shift = n * imageOut;
            assertArrayEquals(Arrays.stream(argmaxAlone).map(i -> i + shift).toArray(),
                    Arrays.copyOfRange(argmax, n * imagePooled, (n + 1) * imagePooled),
                    "image " + n + " argmax " + pool + "×" + pool + ", " + what);
        }
    }
}

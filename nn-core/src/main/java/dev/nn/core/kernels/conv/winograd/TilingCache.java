package dev.nn.core.kernels.conv.winograd;

import dev.nn.core.ConvShape;

/**
 * This thread's last few tilings, so that a training step or a prediction in steady state makes
 * none: a new {@link Tiling} per pass was a Winograd layer's only allocation. Shapes are compared
 * by value, so that the forward pass and the input gradient of a layer share an entry.
 */
final class TilingCache {
    /**
     * Entries per thread: the passes of a few Winograd layers (pooled and plain outputs tile
     * differently). A miss only costs one small object, so a larger network stays correct.
     */
    private static final int SIZE = 8;
    private static final ThreadLocal<TilingCache> THREADS = ThreadLocal.withInitial(TilingCache::new);

    private final ConvShape[] shapes = new ConvShape[SIZE];
    private final boolean[] pooled = new boolean[SIZE];
    private final Tiling[] tilings = new Tiling[SIZE];
    private int next; // the entry the next miss replaces, round robin

    private TilingCache() {
    }

    /** {@link Tiling#of}, from this thread's cache when it holds the same shape. */
    static Tiling of(ConvShape s, boolean pooledOutputs) {
        return THREADS.get().find(s, pooledOutputs);
    }

    private Tiling find(ConvShape s, boolean pooledOutputs) {
        for (int i = 0; i < SIZE; i++) {
            if (tilings[i] != null && pooled[i] == pooledOutputs && shapes[i].equals(s)) {
                return tilings[i];
            }
        }
        Tiling t = Tiling.of(s, pooledOutputs);
        shapes[next] = s;
        pooled[next] = pooledOutputs;
        tilings[next] = t;
        next = (next + 1) % SIZE;
        return t;
    }
}

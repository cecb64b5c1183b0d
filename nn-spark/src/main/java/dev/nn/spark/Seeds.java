package dev.nn.spark;

import dev.nn.core.Rng;

/** Seeds derived from the training's seed and a position (a pass, a round, a partition). */
final class Seeds {
    /** The first part of the seeds of the training order, then (pass, partition). */
    static final long ORDER = 0;
    /** The first part of the seeds of the dropout masks, then (round, partition). */
    static final long DROPOUT = 1;
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private Seeds() {
    }

    /** A seed fixed by the seed and the parts, in order; different parts give unrelated seeds. */
    static long of(long seed, long... parts) {
        long s = seed;
        for (long p : parts) {
            s = new Rng(s ^ (p * GOLDEN_GAMMA)).nextLong();
        }
        return s;
    }
}

package dev.nn.core;

import java.util.Arrays;

/**
 * A seeded random-number generator: every random draw in nn (initial weights, shuffling, dropout
 * masks, random tensors) comes from one of these, so that a run is repeated exactly by repeating
 * its seed. Not thread-safe; {@link #split()} gives an independent generator for another thread
 * or purpose.
 *
 * <p>The generator is SplitMix64 (G. L. Steele, D. Lea and C. H. Flood, "Fast Splittable
 * Pseudorandom Number Generators", OOPSLA 2014), the algorithm of {@code java.util.SplittableRandom},
 * written here so that its whole state — two longs — can be read with {@link #state()} and set with
 * {@link #restore(long[])}: a training checkpoint saves it, and a resumed run draws what the
 * uninterrupted run would have drawn. Normal draws use {@code StrictMath}, so that a seed gives
 * the same numbers on every JVM and CPU.
 */
public final class Rng {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private long seed;  // advanced by gamma before every draw
    private long gamma; // odd

    /**
     * A generator whose whole sequence is fixed by {@code seed}.
     *
     * @param seed the seed
     */
    public Rng(long seed) {
        this(seed, GOLDEN_GAMMA);
    }

    private Rng(long seed, long gamma) {
        this.seed = seed;
        this.gamma = gamma;
    }

    /**
     * A new generator, independent of this one, whose sequence is fixed by this one's state.
     *
     * @return a new generator
     */
    public Rng split() {
        return new Rng(nextLong(), mixGamma(nextSeed()));
    }

    /**
     * The generator's state: after {@code b.restore(a.state())}, b draws what a draws.
     *
     * @return a new array of the two longs of the state
     */
    public long[] state() {
        return new long[] {seed, gamma};
    }

    /**
     * Sets the state to one read from {@link #state()}.
     *
     * @param state the two longs of a state
     * @throws IllegalArgumentException if state is null, does not hold two longs, or is not a
     *     state this class produces (its second long is even)
     */
    public void restore(long[] state) {
        if (state == null || state.length != 2 || (state[1] & 1L) == 0) {
            throw new IllegalArgumentException("a generator's state is two longs, the second odd, but got "
                    + Arrays.toString(state));
        }
        seed = state[0];
        gamma = state[1];
    }

    /**
     * A long uniform over all longs.
     *
     * @return the value
     */
    public long nextLong() {
        return mix64(nextSeed());
    }

    /**
     * A float uniform in [lo, hi).
     *
     * @param lo the smallest value
     * @param hi the bound above the values
     * @return the value
     */
    public float uniform(float lo, float hi) {
        return lo + (hi - lo) * (float) nextDouble();
    }

    /**
     * A float from the normal distribution with the given mean and standard deviation.
     *
     * @param mean the mean
     * @param stddev the standard deviation
     * @return the value
     */
    public float gaussian(float mean, float stddev) {
        // Box–Muller: u1 in (0, 1] keeps the logarithm finite
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        double z = StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
        return (float) (mean + stddev * z);
    }

    /**
     * An int uniform in [0, bound).
     *
     * @param bound the bound above the values, at least 1
     * @return the value
     */
    public int nextInt(int bound) {
        if (bound < 1) {
            throw new IllegalArgumentException("bound must be at least 1, got " + bound);
        }
        int r = nextInt();
        int m = bound - 1;
        if ((bound & m) == 0) {
            return r & m; // a power of two: the low bits are uniform
        }
        // Reject the top partial run of values, which would favour the small results.
        for (int u = r >>> 1; u + m - (r = u % bound) < 0; u = nextInt() >>> 1) {
            // draw again
        }
        return r;
    }

    /**
     * Fills {@code a[off .. off+n)} with floats uniform in [lo, hi).
     *
     * @param a the array
     * @param off the index of the first value to fill
     * @param n the number of values to fill
     * @param lo the smallest value
     * @param hi the bound above the values
     */
    public void fillUniform(float[] a, int off, int n, float lo, float hi) {
        for (int i = off; i < off + n; i++) {
            a[i] = uniform(lo, hi);
        }
    }

    /**
     * Fills {@code a[off .. off+n)} with normal floats of the given mean and standard deviation.
     *
     * @param a the array
     * @param off the index of the first value to fill
     * @param n the number of values to fill
     * @param mean the mean
     * @param stddev the standard deviation
     */
    public void fillGaussian(float[] a, int off, int n, float mean, float stddev) {
        for (int i = off; i < off + n; i++) {
            a[i] = gaussian(mean, stddev);
        }
    }

    /**
     * Puts {@code a} in a uniformly random order (Fisher–Yates).
     *
     * @param a the array
     */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private int nextInt() {
        return (int) (nextLong() >>> 32);
    }

    private double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    private long nextSeed() {
        return seed += gamma;
    }

    /** Stafford's "variant 13" of MurmurHash3's 64-bit finalizer, as in the paper. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** An odd gamma with enough bit transitions that the sequence it steps through looks random. */
    private static long mixGamma(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        z = (z ^ (z >>> 33)) | 1L;
        return Long.bitCount(z ^ (z >>> 1)) < 24 ? z ^ 0xaaaaaaaaaaaaaaaaL : z;
    }
}

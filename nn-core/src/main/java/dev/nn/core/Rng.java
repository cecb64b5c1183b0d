package dev.nn.core;

import java.util.SplittableRandom;

/**
 * A seeded random-number generator: every random draw in nn (initial weights, shuffling, dropout
 * masks, random tensors) comes from one of these, so that a run is repeated exactly by repeating
 * its seed. Not thread-safe; {@link #split()} gives an independent generator for another thread
 * or purpose.
 */
public final class Rng {
    private final SplittableRandom random;

    /**
     * A generator whose whole sequence is fixed by {@code seed}.
     *
     * @param seed the seed
     */
    public Rng(long seed) {
        this(new SplittableRandom(seed));
    }

    private Rng(SplittableRandom random) {
        this.random = random;
    }

    /**
     * A new generator, independent of this one, whose sequence is fixed by this one's state.
     *
     * @return a new generator
     */
    public Rng split() {
        return new Rng(random.split());
    }

    /**
     * A float uniform in [lo, hi).
     *
     * @param lo the smallest value
     * @param hi the bound above the values
     * @return the value
     */
    public float uniform(float lo, float hi) {
        return lo + (hi - lo) * (float) random.nextDouble();
    }

    /**
     * A float from the normal distribution with the given mean and standard deviation.
     *
     * @param mean the mean
     * @param stddev the standard deviation
     * @return the value
     */
    public float gaussian(float mean, float stddev) {
        return (float) (mean + stddev * random.nextGaussian());
    }

    /**
     * An int uniform in [0, bound).
     *
     * @param bound the bound above the values, at least 1
     * @return the value
     */
    public int nextInt(int bound) {
        return random.nextInt(bound);
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
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}

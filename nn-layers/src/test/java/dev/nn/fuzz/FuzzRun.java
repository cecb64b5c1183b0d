package dev.nn.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

/**
 * A seeded fuzz run of one reader: generated corrupt inputs, each of which must load or fail with
 * an IOException. Any other Throwable (an OutOfMemoryError from a size taken on trust, a
 * StackOverflowError, a RuntimeException) fails the run naming the seed and the case, and a batch
 * of cases that takes too long fails it as a hang. These tests run in a Surefire execution of their
 * own with a 256 MiB heap (nn-layers/pom.xml).
 *
 * <p>Case {@code i} draws from a generator seeded by the run's seed and {@code i} alone, so that a
 * failing case is regenerated without the ones before it. System properties: {@value #CASES}
 * (default 10,000: the CI run) and {@value #SEED}.
 */
public final class FuzzRun {
    /** The system property holding the number of cases. */
    public static final String CASES = "nn.fuzz.cases";
    /** The system property holding the seed. */
    public static final String SEED = "nn.fuzz.seed";
    private static final int DEFAULT_CASES = 10_000;
    private static final long DEFAULT_SEED = 20261206L;
    private static final int BATCH = 1000;
    /** A batch takes well under a second here; a minute means a hang, or a pathological slowdown. */
    private static final Duration BATCH_LIMIT = Duration.ofSeconds(60);
    private static final int HEX_SHOWN = 400;

    /** A generator of one case's input. */
    @FunctionalInterface
    public interface Generator {
        /**
         * Makes an input.
         *
         * @param random the case's own generator
         * @return the input
         * @throws IOException if writing a file fails
         */
        byte[] next(Random random) throws IOException;
    }

    /** The reader under test. */
    @FunctionalInterface
    public interface Target {
        /**
         * Reads an input fully, as a loader would.
         *
         * @param input the bytes
         * @param random the case's own generator, for choices of how to read
         * @throws IOException if the reader refuses the input
         */
        void read(byte[] input, Random random) throws IOException;
    }

    /**
     * What a run found.
     *
     * @param cases the inputs tried
     * @param loaded how many loaded
     * @param refused how many the reader refused with an IOException
     * @param nanos the run's duration
     */
    public record Outcome(int cases, int loaded, int refused, long nanos) {
        @Override
        public String toString() {
            return String.format("%d cases in %.1f s: %d loaded, %d IOException, 0 other", cases, nanos / 1e9, loaded,
                    refused);
        }
    }

    private FuzzRun() {
    }

    /**
     * Runs the cases, prints the outcome and checks that both outcomes occurred: a generator whose
     * inputs all load, or all fail, tests less than it seems to.
     *
     * @param reader the reader's name, for the report
     * @param generator makes each case's input
     * @param target reads it
     * @return the outcome
     */
    public static Outcome run(String reader, Generator generator, Target target) {
        int cases = Integer.getInteger(CASES, DEFAULT_CASES);
        long seed = Long.getLong(SEED, DEFAULT_SEED);
        int[] counts = new int[2];
        long start = System.nanoTime();
        for (int first = 0; first < cases; first += BATCH) {
            int from = first;
            int to = Math.min(cases, first + BATCH);
            assertTimeoutPreemptively(BATCH_LIMIT, () -> {
                for (int i = from; i < to; i++) {
                    counts[runCase(reader, seed, i, generator, target)]++;
                }
            }, () -> reader + ": cases " + from + " to " + (to - 1) + " (seed " + seed + ") took more than " + BATCH_LIMIT);
        }
        Outcome outcome = new Outcome(cases, counts[0], counts[1], System.nanoTime() - start);
        System.out.println("fuzz " + reader + " (seed " + seed + "): " + outcome);
        assertTrue(outcome.loaded() > 0 && outcome.refused() > 0, reader + ": " + outcome
                + ": the mutations are too weak or too strong");
        return outcome;
    }

    /** 0 if case {@code i} loaded, 1 if refused with an IOException; fails on anything else. */
    private static int runCase(String reader, long seed, int i, Generator generator, Target target) {
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + i);
        byte[] input = null;
        try {
            input = generator.next(random);
            target.read(input, random);
            return 0;
        } catch (IOException refused) {
            if (refused.getMessage() == null || refused.getMessage().endsWith("null")) {
                fail(reader + ": case " + i + " (seed " + seed + "): a message without its subject: " + refused, refused);
            }
            return 1;
        } catch (Throwable t) {
            // Before anything that could allocate much: the heap may be what failed.
            String hex = input == null ? "(not generated)" : input.length + " bytes "
                    + HexFormat.of().formatHex(input, 0, Math.min(input.length, HEX_SHOWN))
                    + (input.length > HEX_SHOWN ? "..." : "");
            return fail(reader + ": case " + i + " (seed " + seed + "): " + t + " for " + hex, t);
        }
    }
}

package dev.nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RngTest {
    @Test
    void drawsTheSequenceOfSplittableRandomWhichRunsTheSameAlgorithm() {
        for (long seed : new long[] {0, 1, -7, 42, Long.MIN_VALUE}) {
            Rng ours = new Rng(seed);
            SplittableRandom jdk = new SplittableRandom(seed);
            for (int i = 0; i < 1000; i++) {
                assertEquals(jdk.nextLong(), ours.nextLong(), "seed " + seed + ", draw " + i);
            }
            Rng ourChild = ours.split();
            SplittableRandom jdkChild = jdk.split();
            for (int i = 0; i < 1000; i++) {
                assertEquals(jdkChild.nextLong(), ourChild.nextLong(), "seed " + seed + ", split's draw " + i);
                assertEquals(jdk.nextLong(), ours.nextLong(), "seed " + seed + ", draw " + i + " after the split");
            }
        }
    }

    @Test
    void aRestoredStateDrawsWhatTheOriginalDraws() {
        Rng a = new Rng(123);
        for (int i = 0; i < 17; i++) {
            a.gaussian(0f, 1f);
        }
        Rng child = a.split();
        Rng b = new Rng(999);
        b.restore(a.state());
        Rng c = new Rng(5);
        c.restore(child.state());
        for (int i = 0; i < 500; i++) {
            assertEquals(a.nextLong(), b.nextLong());
            assertEquals(Float.floatToRawIntBits(a.gaussian(1f, 2f)), Float.floatToRawIntBits(b.gaussian(1f, 2f)));
            assertEquals(a.nextInt(37), b.nextInt(37));
            assertEquals(child.uniform(-1f, 1f), c.uniform(-1f, 1f));
        }
        assertArrayEquals(a.state(), b.state());
    }

    @Test
    void restoreRejectsWhatIsNotAState() {
        Rng r = new Rng(1);
        long[] before = r.state();
        assertThrows(IllegalArgumentException.class, () -> r.restore(null));
        assertThrows(IllegalArgumentException.class, () -> r.restore(new long[] {1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.restore(new long[] {1, 2}));
        assertTrue(e.getMessage().contains("[1, 2]"), e.getMessage());
        assertArrayEquals(before, r.state(), "a rejected state changed the generator");
    }

    @Test
    void nextIntStaysInItsBoundAndReachesEveryValue() {
        Rng r = new Rng(3);
        for (int bound : new int[] {1, 2, 3, 7, 16, 1000, Integer.MAX_VALUE}) {
            int[] seen = new int[Math.min(bound, 1000)];
            for (int i = 0; i < 20_000; i++) {
                int v = r.nextInt(bound);
                assertTrue(v >= 0 && v < bound, v + " outside [0, " + bound + ")");
                if (v < seen.length) {
                    seen[v]++;
                }
            }
            if (bound <= 1000) {
                for (int v = 0; v < bound; v++) {
                    assertTrue(seen[v] > 0, "nextInt(" + bound + ") never drew " + v);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> r.nextInt(0));
    }

    @Test
    void gaussianHasTheRequestedMeanAndDeviation() {
        Rng r = new Rng(11);
        int n = 200_000;
        double sum = 0, squares = 0;
        for (int i = 0; i < n; i++) {
            double v = r.gaussian(3f, 2f);
            assertTrue(Double.isFinite(v));
            sum += v;
            squares += v * v;
        }
        double mean = sum / n, sd = Math.sqrt(squares / n - mean * mean);
        // Standard errors: 2 / √n ≈ 0.0045 for the mean, about 0.0032 for the deviation.
        assertEquals(3.0, mean, 0.03);
        assertEquals(2.0, sd, 0.03);
    }
}

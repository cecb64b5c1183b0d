package dev.nn.data;

import static dev.nn.data.TestData.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Fitted statistics, scaling of training and other samples, constant features, inverse, metadata. */
class ScalerTest {
    /** Feature 0 is 1, 2, 3, 4 (mean 2.5, standard deviation √1.25); feature 1 is always 10. */
    private static final Tensor KNOWN = Tensor.wrap(new float[] {1, 10, 2, 10, 3, 10, 4, 10}, 4, 2);

    @Test
    void standardizerOfAKnownExample() {
        Scaler s = Scaler.standardizer(KNOWN);
        assertEquals("2.5,10.0", s.toMetadata().get("nn.scaler.shift"));
        assertEquals(Math.sqrt(1.25) + ",1.0", s.toMetadata().get("nn.scaler.scale"));
        float a = (float) (1.5 / Math.sqrt(1.25));
        float b = (float) (0.5 / Math.sqrt(1.25));
        assertArrayEquals(new float[] {-a, 0, -b, 0, b, 0, a, 0}, s.transform(KNOWN).toArray());
    }

    @Test
    void minMaxOfAKnownExample() {
        Scaler s = Scaler.minMax(KNOWN);
        assertEquals("1.0,10.0", s.toMetadata().get("nn.scaler.shift"));
        assertEquals("3.0,1.0", s.toMetadata().get("nn.scaler.scale"));
        assertArrayEquals(new float[] {0, 0, 1 / 3f, 0, 2 / 3f, 0, 1, 0}, s.transform(KNOWN).toArray());
    }

    private static Tensor random(long seed, int n) {
        Rng rng = new Rng(seed);
        float[] x = new float[n * 3];
        for (int i = 0; i < n; i++) {
            x[i * 3] = rng.gaussian(100, 20);
            x[i * 3 + 1] = rng.uniform(-0.01f, 0.01f);
            x[i * 3 + 2] = rng.gaussian(-5, 3);
        }
        return Tensor.wrap(x, n, 3);
    }

    private static double[] column(Tensor t, int f) {
        double[] c = new double[t.dim(0)];
        for (int i = 0; i < c.length; i++) {
            c[i] = t.get(i, f);
        }
        return c;
    }

    @Test
    void trainingSamplesGetMeanZeroAndDeviationOne() {
        Tensor scaled = Scaler.standardizer(random(3, 1000)).transform(random(3, 1000));
        for (int f = 0; f < 3; f++) {
            double[] c = column(scaled, f);
            double mean = Arrays.stream(c).average().orElseThrow();
            double variance = Arrays.stream(c).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
            assertEquals(0, mean, 1e-5, "mean of feature " + f);
            assertEquals(1, Math.sqrt(variance), 1e-5, "deviation of feature " + f);
        }
    }

    @Test
    void trainingSamplesSpanZeroToOne() {
        Tensor scaled = Scaler.minMax(random(4, 1000)).transform(random(4, 1000));
        for (int f = 0; f < 3; f++) {
            double[] c = column(scaled, f);
            assertEquals(0, Arrays.stream(c).min().orElseThrow(), 0, "min of feature " + f);
            assertEquals(1, Arrays.stream(c).max().orElseThrow(), 1e-6, "max of feature " + f);
        }
    }

    @Test
    void otherSamplesAreScaledWithTheTrainingStatistics() {
        Scaler s = Scaler.standardizer(KNOWN);
        Tensor other = Tensor.wrap(new float[] {5, 12, -1, 10}, 2, 2);
        float step = (float) (1 / Math.sqrt(1.25));
        assertArrayEquals(new float[] {2.5f * step, 2, -3.5f * step, 0}, s.transform(other).toArray(), 1e-6f);
        Scaler m = Scaler.minMax(KNOWN);
        assertArrayEquals(new float[] {4 / 3f, 2, -2 / 3f, 0}, m.transform(other).toArray(), 1e-6f);
        DataSet data = new DataSet(other, Tensor.wrap(new float[] {1, 0}, 2, 1));
        DataSet scaled = m.transform(data);
        assertArrayEquals(m.transform(other).toArray(), scaled.inputs().toArray());
        assertSame(data.targets(), scaled.targets());
    }

    @Test
    void inPlaceGivesTheCopysValues() {
        Tensor x = random(5, 50);
        Scaler s = Scaler.standardizer(x);
        float[] expected = s.transform(x).toArray();
        Tensor buffer = Tensor.wrap(x.toArray(), x.shape());
        assertSame(buffer, s.transformInPlace(buffer));
        assertArrayEquals(expected, buffer.toArray());
        assertMessage(IllegalArgumentException.class, () -> s.transformInPlace(Tensor.zeros(2, 4)), "have 4 features");
    }

    @Test
    void inverseUndoesTransform() {
        Tensor x = random(5, 50);
        for (Scaler s : new Scaler[] {Scaler.standardizer(x), Scaler.minMax(x)}) {
            assertArrayEquals(x.toArray(), s.inverse(s.transform(x)).toArray(), 1e-4f, s.toString());
        }
    }

    @Test
    void samplesOfAnotherWidthAreRefused() {
        Scaler s = Scaler.standardizer(KNOWN);
        assertMessage(IllegalArgumentException.class, () -> s.transform(Tensor.zeros(2, 3)),
                "have 3 features", "fitted on 2");
    }

    @Test
    void metadataRoundTripIsExact() {
        Tensor x = random(6, 100);
        for (Scaler s : new Scaler[] {Scaler.standardizer(x), Scaler.minMax(x)}) {
            Scaler back = Scaler.fromMetadata(s.toMetadata()).orElseThrow();
            assertEquals(s, back);
            assertArrayEquals(s.transform(x).toArray(), back.transform(x).toArray());
        }
        assertNotEquals(Scaler.standardizer(x), Scaler.minMax(x));
    }

    @Test
    void badMetadataIsRefused() {
        Map<String, String> good = Scaler.minMax(KNOWN).toMetadata();
        assertTrue(Scaler.fromMetadata(ClassLabels.sorted(Set.of("a")).toMetadata()).isEmpty());
        assertMessage(IllegalArgumentException.class, () -> Scaler.fromMetadata(without(good, "nn.scaler.shift")),
                "no \"nn.scaler.shift\"");
        assertMessage(IllegalArgumentException.class, () -> Scaler.fromMetadata(with(good, "nn.scaler", "log")),
                "\"log\"", "expected \"standardizer\" or \"min-max\"");
        assertMessage(IllegalArgumentException.class, () -> Scaler.fromMetadata(with(good, "nn.scaler.scale", "1,x")),
                "nn.scaler.scale", "value 1 is \"x\"");
        assertMessage(IllegalArgumentException.class, () -> Scaler.fromMetadata(with(good, "nn.scaler.scale", "1")),
                "has 2 numbers", "has 1");
        assertMessage(IllegalArgumentException.class, () -> Scaler.fromMetadata(with(good, "nn.scaler.scale", "1,0")),
                "feature 1", "scale 0.0");
    }

    private static Map<String, String> without(Map<String, String> m, String key) {
        Map<String, String> copy = new HashMap<>(m);
        copy.remove(key);
        return copy;
    }

    private static Map<String, String> with(Map<String, String> m, String key, String value) {
        Map<String, String> copy = new HashMap<>(m);
        copy.put(key, value);
        return copy;
    }
}

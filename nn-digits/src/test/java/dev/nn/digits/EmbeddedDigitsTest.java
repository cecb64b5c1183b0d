package dev.nn.digits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.data.DataSet;
import dev.nn.data.Mnist;
import dev.nn.data.OneHot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 8,000 + 2,000 real MNIST digits shipped as resources load as the examples and the benchmarks
 * use them.
 */
class EmbeddedDigitsTest {
    private static final String[] NAMES = {
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
    };

    @TempDir
    Path dir;

    @Test
    void embeddedDigitsLoadFromTheClassPath() throws IOException {
        Mnist m = EmbeddedDigits.load();
        checkDigits(m.train(), 8000);
        checkDigits(m.test(), 2000);
    }

    @Test
    void aDirectoryOfRawOrGzippedFilesLoadsTheSameDigits() throws IOException {
        for (int i = 0; i < NAMES.length; i++) {
            try (InputStream in = EmbeddedDigits.class.getResourceAsStream(EmbeddedDigits.FOLDER + "/" + NAMES[i] + ".gz")) {
                if (i % 2 == 0) {
                    Files.copy(in, dir.resolve(NAMES[i] + ".gz"));
                } else { // the label files raw, to try both forms
                    Files.copy(new GZIPInputStream(in), dir.resolve(NAMES[i]));
                }
            }
        }
        Mnist fromFiles = Mnist.load(dir);
        Mnist fromResources = EmbeddedDigits.load();
        assertSameData(fromResources.train(), fromFiles.train());
        assertSameData(fromResources.test(), fromFiles.test());
    }

    private static void checkDigits(DataSet d, int n) {
        assertEquals(n, d.size());
        assertArrayEquals(new int[] {n, 1, 28, 28}, d.inputs().shape());
        assertArrayEquals(new int[] {n, 10}, d.targets().shape());
        float[] x = d.inputs().data();
        float max = 0;
        for (int i = 0; i < d.inputs().size(); i++) {
            assertTrue(x[i] >= 0 && x[i] <= 1, "pixel " + i + " is " + x[i]);
            max = Math.max(max, x[i]);
        }
        assertEquals(1f, max, "255 scales to 1");
        int[] perClass = new int[10];
        for (int i = 0; i < n; i++) {
            perClass[OneHot.argmax(d.targets().data(), i * 10, 10)]++;
        }
        for (int c = 0; c < 10; c++) {
            assertTrue(perClass[c] > n / 20, "class " + c + " is well represented: " + Arrays.toString(perClass));
        }
    }

    private static void assertSameData(DataSet expected, DataSet actual) {
        assertArrayEquals(expected.inputs().shape(), actual.inputs().shape());
        assertArrayEquals(expected.inputs().data(), actual.inputs().data());
        assertArrayEquals(expected.targets().data(), actual.targets().data());
    }
}

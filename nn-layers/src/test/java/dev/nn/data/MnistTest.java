package dev.nn.data;

import static dev.nn.data.TestData.assertMessage;
import static dev.nn.data.TestData.idx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loaders' checks on small files written here. The real embedded digits are loaded by the
 * tests of nn-digits, which ships them.
 */
class MnistTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFileIsNamedWithTheDirectoryAndBothForms() throws IOException {
        assertMessage(FileNotFoundException.class, () -> Mnist.load(dir), dir.toString(),
                "train-images-idx3-ubyte", "train-images-idx3-ubyte.gz");
        assertMessage(FileNotFoundException.class, () -> Mnist.loadResources(MnistTest.class, "no-such-folder"),
                "no-such-folder/train-images-idx3-ubyte.gz", MnistTest.class.getName());
    }

    @Test
    void mismatchedOrMisshapenFilesAreIoExceptions() throws IOException {
        writeSet("t10k", idx(0x08, new int[] {2, 2, 2}, new double[8]), idx(0x08, new int[] {2}, 0, 1));

        writeSet("train", idx(0x08, new int[] {3, 2, 2}, new double[12]), idx(0x08, new int[] {2}, 0, 1));
        assertMessage(IOException.class, () -> Mnist.load(dir), dir.toString(),
                "train-images-idx3-ubyte holds 3 images but train-labels-idx1-ubyte holds 2 labels");

        writeSet("train", idx(0x08, new int[] {2, 4}, new double[8]), idx(0x08, new int[] {2}, 0, 1));
        assertMessage(IOException.class, () -> Mnist.load(dir), "train-images-idx3-ubyte", "expected 3 dimensions", "[2, 4]");

        writeSet("train", idx(0x08, new int[] {2, 2, 2}, new double[8]), idx(0x08, new int[] {2, 1}, 0, 1));
        assertMessage(IOException.class, () -> Mnist.load(dir), "train-labels-idx1-ubyte", "expected 1 dimension", "[2, 1]");

        writeSet("train", idx(0x08, new int[] {2, 2, 2}, new double[8]), idx(0x08, new int[] {2}, 0, 10));
        assertMessage(IOException.class, () -> Mnist.load(dir), "train-labels-idx1-ubyte", "label 1 is 10.0");

        writeSet("train", idx(0x08, new int[] {2, 2, 2}, 0, 51, 102, 255, 0, 0, 0, 0), idx(0x08, new int[] {2}, 7, 1));
        Mnist m = Mnist.load(dir);
        assertArrayEquals(new int[] {2, 1, 2, 2}, m.train().inputs().shape());
        assertArrayEquals(new float[] {0, 0.2f, 0.4f, 1, 0, 0, 0, 0}, m.train().inputs().toArray());
        assertEquals(1f, m.train().targets().get(0, 7));
        assertEquals(1f, m.train().targets().get(1, 1));
    }

    @Test
    void pixelsMustBeIntegersFrom0To255WhateverTheirType() throws IOException {
        byte[] labels = idx(0x08, new int[] {2}, 0, 1);
        writeSet("t10k", idx(0x08, new int[] {2, 2, 3}, new double[12]), labels);
        double[] pixels = new double[12];
        for (double bad : new double[] {256, -1, 0.5, 254.99, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            pixels[10] = bad;
            writeSet("train", idx(0x0D, new int[] {2, 2, 3}, pixels), labels);
            assertMessage(IOException.class, () -> Mnist.load(dir), "train-images-idx3-ubyte: value 10 (image 1, row 1, column 1) is "
                    + (float) bad + ", expected an integer from 0 to 255");
        }
        pixels[10] = 254.99999999999; // a double that rounds to the float 255
        writeSet("train", idx(0x0E, new int[] {2, 2, 3}, pixels), labels);
        assertMessage(IOException.class, () -> Mnist.load(dir), "train-images-idx3-ubyte", "offset 96: value 10 is 254.99999999999",
                "which a float cannot hold exactly");
        pixels[10] = 255;
        writeSet("train", idx(0x0E, new int[] {2, 2, 3}, pixels), idx(0x0C, new int[] {2}, 9, 0));
        assertEquals(1f, Mnist.load(dir).train().inputs().get(1, 0, 1, 1), "doubles and ints that are valid pixels and labels load");
    }

    @Test
    void labelsMustBeIntegersFrom0To9AsStored() throws IOException {
        byte[] images = idx(0x08, new int[] {2, 2, 2}, new double[8]);
        writeSet("t10k", images, idx(0x08, new int[] {2}, 0, 1));
        for (double bad : new double[] {10, -1, 8.5, Double.NaN}) {
            writeSet("train", images, idx(0x0D, new int[] {2}, 3, bad));
            assertMessage(IOException.class, () -> Mnist.load(dir), "train-labels-idx1-ubyte: label 1 is " + (float) bad,
                    "expected an integer in [0, 10)");
        }
        // 9.0000001 rounds to the float 9: refused as stored, not accepted as the 9 it would become.
        writeSet("train", images, idx(0x0E, new int[] {2}, 3, 9.0000001));
        assertMessage(IOException.class, () -> Mnist.load(dir), "train-labels-idx1-ubyte", "value 1 is 9.0000001",
                "which a float cannot hold exactly");
    }

    @Test
    void trainingAndTestImagesMustHaveTheSameSize() {
        writeSet("train", idx(0x08, new int[] {2, 2, 3}, new double[12]), idx(0x08, new int[] {2}, 0, 1));
        writeSet("t10k", idx(0x08, new int[] {3, 3, 2}, new double[18]), idx(0x08, new int[] {3}, 0, 1, 2));
        assertMessage(IOException.class, () -> Mnist.load(dir), dir.toString(),
                "the training images are 2x3 but the test images are 3x2 (rows x columns)");
    }

    private void writeSet(String prefix, byte[] images, byte[] labels) {
        try {
            Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), images);
            Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), labels);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

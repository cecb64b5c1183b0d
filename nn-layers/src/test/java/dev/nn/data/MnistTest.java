package dev.nn.data;

import static dev.nn.data.TestData.assertMessage;
import static dev.nn.data.TestData.idx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.FileNotFoundException;
import java.io.IOException;
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

    private void writeSet(String prefix, byte[] images, byte[] labels) throws IOException {
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), images);
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), labels);
    }
}

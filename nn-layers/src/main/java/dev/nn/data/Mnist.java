package dev.nn.data;

import dev.nn.core.Tensor;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * MNIST, or a data set in its form such as Fashion-MNIST: the four IDX files
 * {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}
 * and {@code t10k-labels-idx1-ubyte}. Images become inputs [N, 1, rows, cols] scaled from 0..255 to
 * [0, 1]; labels 0..9 become one-hot targets [N, 10].
 *
 * @param train the training set
 * @param test the test set
 */
public record Mnist(DataSet train, DataSet test) {
    private static final int CLASSES = 10;
    private static final float MAX_PIXEL = 255f;

    /**
     * Reads the four files from {@code directory}, each raw or gzip-compressed with {@code .gz}
     * appended to its name (the raw one when both exist).
     *
     * @param directory the directory holding the files
     * @return the training and test sets
     * @throws IOException if a file is missing, malformed, or does not match its partner
     */
    public static Mnist load(Path directory) throws IOException {
        return load(directory.toString(), name -> {
            Path raw = directory.resolve(name);
            Path gz = directory.resolve(name + ".gz");
            if (Files.exists(raw)) {
                return Idx.read(raw);
            }
            if (Files.exists(gz)) {
                return Idx.read(gz);
            }
            throw new FileNotFoundException(directory + ": found neither " + name + " nor " + name + ".gz");
        });
    }

    /**
     * Reads the four gzip-compressed files as class-path resources {@code folder + "/" + name + ".gz"},
     * resolved by {@link Class#getResourceAsStream} of {@code anchor} (relative to its package unless
     * {@code folder} starts with "/"). This is how an application ships a small data set in its jar.
     * An application that is itself a named module must open the resources' package to the module
     * {@code dev.nn.layers}, which reads them.
     *
     * @param anchor the class relative to which the resources are found
     * @param folder the resources' folder
     * @return the training and test sets
     * @throws IOException if a resource is missing, malformed, or does not match its partner
     */
    public static Mnist loadResources(Class<?> anchor, String folder) throws IOException {
        return load("resources " + folder + " of " + anchor.getName(), name -> {
            String resource = folder + "/" + name + ".gz";
            try (InputStream in = anchor.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new FileNotFoundException("class-path resource " + resource + " not found relative to "
                            + anchor.getName());
                }
                return Idx.read(in, resource);
            }
        });
    }

    /** Where a loader finds the IDX file of a standard name. */
    @FunctionalInterface
    private interface IdxSource {
        Tensor read(String name) throws IOException;
    }

    private static Mnist load(String where, IdxSource source) throws IOException {
        return new Mnist(dataSet(where, source, "train"), dataSet(where, source, "t10k"));
    }

    private static DataSet dataSet(String where, IdxSource source, String prefix) throws IOException {
        String imagesName = prefix + "-images-idx3-ubyte";
        String labelsName = prefix + "-labels-idx1-ubyte";
        Tensor images = source.read(imagesName);
        Tensor labels = source.read(labelsName);
        if (images.rank() != 3) {
            throw new IOException(where + ": " + imagesName + ": expected 3 dimensions [images, rows, columns], found "
                    + Arrays.toString(images.shape()));
        }
        if (labels.rank() != 1) {
            throw new IOException(where + ": " + labelsName + ": expected 1 dimension [labels], found "
                    + Arrays.toString(labels.shape()));
        }
        if (images.dim(0) != labels.dim(0)) {
            throw new IOException(where + ": " + imagesName + " holds " + images.dim(0) + " images but "
                    + labelsName + " holds " + labels.dim(0) + " labels");
        }
        float[] pixels = images.data();
        for (int i = 0; i < images.size(); i++) {
            pixels[i] /= MAX_PIXEL;
        }
        Tensor targets;
        try {
            targets = OneHot.encode(labels, CLASSES);
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": " + labelsName + ": " + e.getMessage(), e);
        }
        return new DataSet(images.reshape(images.dim(0), 1, images.dim(1), images.dim(2)), targets);
    }
}

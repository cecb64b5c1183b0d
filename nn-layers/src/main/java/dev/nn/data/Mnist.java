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
 * <p>The files are usually of unsigned bytes, but any IDX value type is accepted as long as every
 * pixel is an integer from 0 to 255 and every label an integer from 0 to 9, as stored (a value that
 * a float cannot hold exactly, such as the double 9.0000001, is refused rather than rounded), and
 * the training and test images have the same size. A file that breaks a rule fails the load with an
 * IOException naming the file and the first value at fault.
 *
 * <p>Immutable (as its data sets are), so safe to share between threads.
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
     * @throws IOException if a file is missing, malformed, holds a value out of range, or does not
     *     match its partner
     */
    public static Mnist load(Path directory) throws IOException {
        return load(directory.toString(), name -> {
            Path raw = directory.resolve(name);
            Path gz = directory.resolve(name + ".gz");
            if (Files.exists(raw)) {
                return Idx.read(raw, true);
            }
            if (Files.exists(gz)) {
                return Idx.read(gz, true);
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
     * @throws IOException if a resource is missing, malformed, holds a value out of range, or does
     *     not match its partner
     */
    public static Mnist loadResources(Class<?> anchor, String folder) throws IOException {
        return load("resources " + folder + " of " + anchor.getName(), name -> {
            String resource = folder + "/" + name + ".gz";
            try (InputStream in = anchor.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new FileNotFoundException("class-path resource " + resource + " not found relative to "
                            + anchor.getName());
                }
                return Idx.read(in, resource, true);
            }
        });
    }

    /** Where a loader finds the IDX file of a standard name. */
    @FunctionalInterface
    private interface IdxSource {
        Tensor read(String name) throws IOException;
    }

    private static Mnist load(String where, IdxSource source) throws IOException {
        DataSet train = dataSet(where, source, "train");
        DataSet test = dataSet(where, source, "t10k");
        int[] trainShape = train.inputs().shape();
        int[] testShape = test.inputs().shape();
        if (trainShape[2] != testShape[2] || trainShape[3] != testShape[3]) {
            throw new IOException(where + ": the training images are " + trainShape[2] + "x" + trainShape[3]
                    + " but the test images are " + testShape[2] + "x" + testShape[3] + " (rows x columns)");
        }
        return new Mnist(train, test);
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
        scalePixels(where + ": " + imagesName, images);
        Tensor targets;
        try {
            targets = OneHot.encode(labels, CLASSES);
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": " + labelsName + ": " + e.getMessage(), e);
        }
        return new DataSet(images.reshape(images.dim(0), 1, images.dim(1), images.dim(2)), targets);
    }

    /** Checks that each pixel of images [N, rows, cols] is an integer in 0..255 and scales it to [0, 1]. */
    private static void scalePixels(String file, Tensor images) throws IOException {
        float[] pixels = images.data();
        int perImage = images.dim(1) * images.dim(2);
        for (int i = 0; i < images.size(); i++) {
            float v = pixels[i];
            // Written so that NaN fails too.
            if (!(v >= 0 && v <= MAX_PIXEL && v == Math.rint(v))) {
                int image = i / perImage;
                int row = i % perImage / images.dim(2);
                int column = i % images.dim(2);
                throw new IOException(file + ": value " + i + " (image " + image + ", row " + row + ", column "
                        + column + ") is " + v + ", expected an integer from 0 to 255");
            }
            pixels[i] = v / MAX_PIXEL;
        }
    }
}

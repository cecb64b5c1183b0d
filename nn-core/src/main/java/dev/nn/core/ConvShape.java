package dev.nn.core;

/**
 * The geometry of a batched 2-D convolution (cross-correlation, as in every deep-learning library):
 * input [batch, inChannels, height, width], weights [outChannels, inChannels, kernelHeight,
 * kernelWidth], output [batch, outChannels, outHeight, outWidth], with the same stride and zero
 * padding along both axes.
 *
 * @param batch        the number of images
 * @param inChannels   the channels of each input image
 * @param height       the height of an input image
 * @param width        the width of an input image
 * @param outChannels  the channels of each output image: the number of filters
 * @param kernelHeight the height of the kernel
 * @param kernelWidth  the width of the kernel
 * @param stride       how far the kernel moves between outputs, along both axes
 * @param padding      the zeros added on every side of the input
 *
 * <p>Immutable, so safe to share between threads.
 */
public record ConvShape(int batch, int inChannels, int height, int width,
                        int outChannels, int kernelHeight, int kernelWidth, int stride, int padding) {

    /**
     * Checks the geometry.
     *
     * @throws IllegalArgumentException if a size is below 1, the padding is negative, or the
     *     kernel does not fit in the padded input
     */
    public ConvShape {
        if (batch < 1 || inChannels < 1 || height < 1 || width < 1 || outChannels < 1
                || kernelHeight < 1 || kernelWidth < 1 || stride < 1) {
            throw new IllegalArgumentException("every size and the stride must be at least 1: " + describe(
                    batch, inChannels, height, width, outChannels, kernelHeight, kernelWidth, stride, padding));
        }
        if (padding < 0) {
            throw new IllegalArgumentException("padding must not be negative, got " + padding);
        }
        if (kernelHeight > height + 2 * padding || kernelWidth > width + 2 * padding) {
            throw new IllegalArgumentException("a " + kernelHeight + "×" + kernelWidth + " kernel does not fit in a "
                    + height + "×" + width + " input with padding " + padding);
        }
    }

    /**
     * Stride 1 and no padding: the tutorial's valid cross-correlation.
     *
     * @param batch        the number of images
     * @param inChannels   the channels of each input image
     * @param height       the height of an input image
     * @param width        the width of an input image
     * @param outChannels  the number of filters
     * @param kernelHeight the height of the kernel
     * @param kernelWidth  the width of the kernel
     * @return the shape
     * @throws IllegalArgumentException if a size is below 1 or the kernel does not fit in the input
     */
    public static ConvShape valid(int batch, int inChannels, int height, int width,
                                  int outChannels, int kernelHeight, int kernelWidth) {
        return new ConvShape(batch, inChannels, height, width, outChannels, kernelHeight, kernelWidth, 1, 0);
    }

    /**
     * The height of an output image.
     *
     * @return {@code (height + 2·padding − kernelHeight) / stride + 1}
     */
    public int outHeight() {
        return (height + 2 * padding - kernelHeight) / stride + 1;
    }

    /**
     * The width of an output image.
     *
     * @return {@code (width + 2·padding − kernelWidth) / stride + 1}
     */
    public int outWidth() {
        return (width + 2 * padding - kernelWidth) / stride + 1;
    }

    /**
     * Values in the input.
     *
     * @return batch × inChannels × height × width
     */
    public int inputSize() {
        return batch * inChannels * height * width;
    }

    /**
     * Values in the weights.
     *
     * @return outChannels × inChannels × kernelHeight × kernelWidth
     */
    public int weightSize() {
        return outChannels * inChannels * kernelHeight * kernelWidth;
    }

    /**
     * Values in the output.
     *
     * @return batch × outChannels × outHeight × outWidth
     */
    public int outputSize() {
        return batch * outChannels * outHeight() * outWidth();
    }

    /**
     * The floating-point operations of one forward pass, the same count as each backward pass.
     *
     * @return 2 × the multiply-adds
     */
    public double flops() {
        return 2.0 * batch * outChannels * outHeight() * outWidth() * inChannels * kernelHeight * kernelWidth;
    }

    private static String describe(int n, int c, int h, int w, int f, int kh, int kw, int stride, int pad) {
        return "batch=" + n + ", inChannels=" + c + ", height=" + h + ", width=" + w + ", outChannels=" + f
                + ", kernel=" + kh + "×" + kw + ", stride=" + stride + ", padding=" + pad;
    }
}

package dev.nn.layers;

import dev.nn.core.Tensor;
import dev.nn.core.kernels.Normalization;
import java.util.Arrays;
import java.util.List;

/**
 * Batch normalization, as PyTorch's {@code nn.BatchNorm1d} over the features of [batch, features]
 * and {@code nn.BatchNorm2d} over the channels of [batch, channels, height, width]: each channel is
 * normalized, then scaled by γ ("weight", initially 1) and shifted by β ("bias", initially 0).
 *
 * <p>In training a channel is normalized with the mean and biased variance of its values in the
 * batch, and the running mean and variance move towards the batch's mean and unbiased variance by
 * {@code momentum}: {@code running = (1 − momentum)·running + momentum·batch}. In inference the
 * running statistics (initially 0 and 1) are used instead. {@code eps} is added to every variance.
 *
 * <p>The running statistics and the count of training batches are not trained by the optimizer, but
 * twins made by {@link #shareParameters} share them, as they share γ and β.
 *
 * <p>Not thread-safe (it reuses its buffers); {@link #shareParameters} makes a twin for another
 * thread.
 */
public final class BatchNorm implements Layer {
    /** PyTorch's default momentum of the running statistics. */
    public static final float DEFAULT_MOMENTUM = 0.1f;
    /** PyTorch's default epsilon added to the variances. */
    public static final float DEFAULT_EPS = 1e-5f;

    private final int channels;
    private final float momentum;
    private final float eps;
    private final Parameter gamma;           // [channels]
    private final Parameter beta;            // [channels]
    private final RunningStatistics running; // shared with the twins
    private boolean training = true;
    private Tensor input;                    // [batch, channels, ...] of the last forward pass
    private Tensor output;
    private Tensor inputGradient;
    // Per channel, [channels] each: the centre and 1/σ the last forward pass used, its scale and shift,
    // and the backward pass's sums and coefficients.
    private final float[] centre, invStd, scale, shift, sumDy, sumDyCentered, a, b, d;

    /**
     * Batch normalization of {@code channels} features or channels with PyTorch's defaults,
     * momentum 0.1 and eps 1e-5.
     *
     * @param channels the number of features or channels
     * @throws IllegalArgumentException if channels is below 1
     */
    public BatchNorm(int channels) {
        this(channels, DEFAULT_MOMENTUM, DEFAULT_EPS);
    }

    /**
     * Batch normalization of {@code channels} features or channels.
     *
     * @param channels the number of features or channels
     * @param momentum how far each training batch moves the running statistics, in [0, 1]
     * @param eps the positive number added to every variance
     * @throws IllegalArgumentException if channels is below 1, momentum outside [0, 1] or eps not positive
     */
    public BatchNorm(int channels, float momentum, float eps) {
        this(channels, momentum, eps, new Parameter("weight", channels), new Parameter("bias", channels),
                new RunningStatistics(channels));
        Arrays.fill(gamma.value().data(), 1f);
    }

    private BatchNorm(int channels, float momentum, float eps, Parameter gamma, Parameter beta, RunningStatistics running) {
        if (channels < 1 || !(momentum >= 0f && momentum <= 1f) || !(eps > 0f) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException("BatchNorm needs at least 1 channel, a momentum in [0, 1] and a positive "
                    + "eps, got channels " + channels + ", momentum " + momentum + ", eps " + eps);
        }
        this.channels = channels;
        this.momentum = momentum;
        this.eps = eps;
        this.gamma = gamma;
        this.beta = beta;
        this.running = running;
        centre = new float[channels];
        invStd = new float[channels];
        scale = new float[channels];
        shift = new float[channels];
        sumDy = new float[channels];
        sumDyCentered = new float[channels];
        a = new float[channels];
        b = new float[channels];
        d = new float[channels];
    }

    /**
     * The number of features or channels.
     *
     * @return the channels
     */
    public int channels() {
        return channels;
    }

    /**
     * How far each training batch moves the running statistics.
     *
     * @return the momentum
     */
    public float momentum() {
        return momentum;
    }

    /**
     * The number added to every variance.
     *
     * @return eps
     */
    public float eps() {
        return eps;
    }

    /**
     * γ, the channels' factors, [channels].
     *
     * @return the weight
     */
    public Parameter weight() {
        return gamma;
    }

    /**
     * β, the channels' offsets, [channels].
     *
     * @return the bias
     */
    public Parameter bias() {
        return beta;
    }

    /**
     * The running statistics, shared with the twins.
     *
     * @return the running mean, variance and count of training batches
     */
    public RunningStatistics runningStatistics() {
        return running;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length < 1 || inputShape[0] != channels) {
            throw new IllegalArgumentException(this + " takes inputs of shape [" + channels + ", ...] but got "
                    + Arrays.toString(inputShape));
        }
        return inputShape;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(gamma, beta);
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 2 || x.dim(1) != channels) {
            throw new IllegalArgumentException(this + ": expected input of shape [batch, " + channels + ", ...] but got "
                    + Arrays.toString(x.shape()));
        }
        int n = x.dim(0), s = x.size() / (n * channels);
        if (training && n * s < 2) {
            throw new IllegalArgumentException(this + ": training needs more than 1 value per channel, but the batch "
                    + Arrays.toString(x.shape()) + " has 1 (PyTorch refuses it too: its variance is undefined)");
        }
        input = x;
        output = Tensor.reuseLike(output, x);
        float[] g = gamma.value().data(), bt = beta.value().data();
        float[] variance = sumDy; // free until backward
        if (training) {
            Normalization.moments(n, channels, s, x.data(), centre, variance);
            running.update(centre, variance, (float) n * s, momentum);
        } else {
            // A snapshot: a twin predicting on another thread reads them while training moves them.
            running.copyTo(centre, variance);
        }
        for (int ch = 0; ch < channels; ch++) {
            invStd[ch] = (float) (1.0 / Math.sqrt((double) variance[ch] + eps));
            scale[ch] = g[ch] * invStd[ch];
            shift[ch] = bt[ch] - centre[ch] * scale[ch];
        }
        Normalization.scaleShift(n, channels, s, x.data(), scale, shift, output.data());
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        Shapes.requireForward(this, input);
        Shapes.requireSameShape(this, "output gradient", dy, output);
        int n = input.dim(0), s = input.size() / (n * channels);
        float count = (float) n * s;
        Normalization.gradientSums(n, channels, s, dy.data(), input.data(), centre, sumDy, sumDyCentered);
        float[] g = gamma.value().data(), dGamma = gamma.gradient().data(), dBeta = beta.gradient().data();
        for (int ch = 0; ch < channels; ch++) {
            dBeta[ch] += sumDy[ch];
            dGamma[ch] += sumDyCentered[ch] * invStd[ch];
            a[ch] = g[ch] * invStd[ch];
            // In training the batch's statistics depend on every input; in inference they are constants.
            b[ch] = training ? -a[ch] * invStd[ch] * invStd[ch] * sumDyCentered[ch] / count : 0f;
            d[ch] = training ? -a[ch] * sumDy[ch] / count : 0f;
        }
        inputGradient = Tensor.reuseLike(inputGradient, input);
        Normalization.inputGradient(n, channels, s, dy.data(), input.data(), centre, a, b, d, inputGradient.data());
        return inputGradient;
    }

    @Override
    public Layer shareParameters() {
        return new BatchNorm(channels, momentum, eps, gamma, beta, running);
    }

    @Override
    public String toString() {
        return "BatchNorm(" + channels + (momentum != DEFAULT_MOMENTUM ? ", momentum " + momentum : "")
                + (eps != DEFAULT_EPS ? ", eps " + eps : "") + ")";
    }
}

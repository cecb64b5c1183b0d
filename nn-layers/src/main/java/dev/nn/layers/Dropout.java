package dev.nn.layers;

import dev.nn.core.Rng;
import dev.nn.core.Tensor;

/**
 * Inverted dropout, for inputs of any shape. In training mode each value is kept with probability
 * 1 − rate and scaled by 1 / (1 − rate), or else set to zero: {@code Y = X ⊙ M} with
 * {@code M = B / (1 − rate)}, B ~ Bernoulli(1 − rate) per value, so that every output has its
 * input as expectation and inference needs no rescaling. Backward: {@code ∂E/∂X = ∂E/∂Y ⊙ M}.
 * In inference mode the layer is the identity, forward and backward.
 *
 * <p><b>When a new mask is drawn.</b> On the first forward pass after construction or
 * {@link #initialize}, and on the first forward pass after each backward pass. Forward passes
 * with no backward pass in between reuse the mask (unless the number of input values changes),
 * so they compute one and the same function: a training step (forward, backward) gets a fresh
 * mask, and a finite-difference gradient check, which evaluates the network many times between
 * two backward passes, sees a fixed function that it can differentiate. Such a check must take
 * its finite differences after the forward pass and before the backward pass whose gradients it
 * compares them with: the first forward pass after that backward pass draws another mask.
 *
 * <p>A new layer is in training mode (as a PyTorch module is); a {@code Network} switches it with
 * {@link #setTraining}. A backward pass follows the mode of the forward pass before it. The mask
 * is drawn from a generator split off the one passed to {@link #initialize}, which
 * {@code Network.add} calls; a layer used on its own must be initialized before its first forward
 * pass in training mode.
 *
 * <p>Not thread-safe (it reuses its buffers and its generator); {@link #shareParameters} makes a
 * twin for another thread.
 */
public final class Dropout implements Layer {
    private final float rate;
    private final float scale;       // 1 / (1 − rate)
    private Rng rng;                 // null until initialize
    private boolean training = true;
    private boolean newMaskDue = true;
    private boolean masked;          // whether the last forward pass applied the mask
    private float[] mask;            // [batch, ...] flat, first maskSize values: scale where kept, 0 where dropped
    private int maskSize;
    private Tensor input;            // [batch, ...], of the last forward pass
    private Tensor output;           // [batch, ...], when masked
    private Tensor inputGradient;    // [batch, ...], when masked

    /**
     * Dropout that zeroes each value with probability {@code rate}.
     *
     * @param rate the probability that a value is dropped
     * @throws IllegalArgumentException unless {@code 0 ≤ rate < 1}
     */
    public Dropout(float rate) {
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException("Dropout rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
        this.scale = 1f / (1f - rate);
    }

    /**
     * The probability that a value is dropped in training mode.
     *
     * @return the rate
     */
    public float rate() {
        return rate;
    }

    /**
     * The generator the masks are drawn from, split off the one passed to {@link #initialize}: a
     * training checkpoint saves and restores its {@link Rng#state() state}.
     *
     * @return the generator, or null before {@link #initialize}
     */
    public Rng maskGenerator() {
        return rng;
    }

    /**
     * Takes the generator for the masks, split off {@code rng}; the next training forward pass
     * draws a new mask.
     *
     * @param rng the generator to split the masks' generator off
     */
    @Override
    public void initialize(Rng rng) {
        this.rng = rng.split();
        newMaskDue = true;
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    /**
     * In training mode, {@code x ⊙ mask} in the layer's output buffer; in inference mode (or at
     * rate 0), {@code x} itself.
     *
     * @param x a batch of inputs, of any shape
     * @return the outputs, of the shape of x
     * @throws IllegalStateException in training mode (with a rate above 0) if the layer has not
     *     been initialized
     */
    @Override
    public Tensor forward(Tensor x) {
        input = x;
        masked = training && rate > 0f;
        if (!masked) {
            return x;
        }
        int n = x.size();
        if (newMaskDue || n != maskSize) {
            drawMask(n);
        }
        output = Tensor.reuseLike(output, x);
        multiply(n, x.data(), output.data());
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        Shapes.requireForward(this, input);
        Shapes.requireSameShape(this, "output gradient", dy, input);
        newMaskDue = true;
        if (!masked) {
            return dy;
        }
        inputGradient = Tensor.reuseLike(inputGradient, dy);
        multiply(dy.size(), dy.data(), inputGradient.data());
        return inputGradient;
    }

    private void drawMask(int n) {
        if (rng == null) {
            throw new IllegalStateException(this + " has no random generator for its mask: call initialize(rng) "
                    + "before its first forward pass in training mode, or add it to a Network, which does");
        }
        if (mask == null || mask.length < n) {
            mask = new float[n];
        }
        for (int i = 0; i < n; i++) {
            mask[i] = rng.uniform(0f, 1f) >= rate ? scale : 0f;
        }
        maskSize = n;
        newMaskDue = false;
    }

    /** {@code out[i] = in[i]·mask[i]}; a plain loop, which C2 vectorises (nn-core has no element-wise product). */
    private void multiply(int n, float[] in, float[] out) {
        for (int i = 0; i < n; i++) {
            out[i] = in[i] * mask[i];
        }
    }

    @Override
    public Layer shareParameters() {
        return new Dropout(rate);
    }

    @Override
    public String toString() {
        return "Dropout(" + rate + ")";
    }
}

package dev.nn;

import dev.nn.core.Tensor;
import dev.nn.losses.LossFunction;

/**
 * An error function E(predictions, targets), averaged over the batch, and its gradient ∂E/∂predictions.
 * A loss keeps what its gradient needs between {@link #forward} and {@link #backward}, so each
 * network uses its own instance.
 *
 * <p>Not thread-safe: a loss keeps the gradient of its last forward pass. A network evaluates on
 * several threads at once with copies of nn's own losses; a loss of your own makes it evaluate one
 * call at a time.
 */
public interface Loss {
    /**
     * The loss of a batch of predictions against targets of the same shape.
     *
     * @param predictions a batch of the network's outputs
     * @param targets the targets, of the same shape
     * @return E, averaged over the batch
     * @throws IllegalArgumentException if the shapes differ
     */
    float forward(Tensor predictions, Tensor targets);

    /**
     * The gradient of the last {@link #forward}.
     *
     * @return ∂E/∂predictions, valid until the next call of forward
     * @throws IllegalStateException if forward was not called yet (for the built-in losses)
     */
    Tensor backward();

    /**
     * Whether this loss takes logits and applies a softmax over the last axis itself, so that a
     * network must not end with a layer whose output already is such a distribution
     * ({@link dev.nn.layers.Layer#outputsProbabilities()}): {@link Network} refuses the pair.
     *
     * @return true for {@link #softmaxCrossEntropy()}; false by default
     */
    default boolean takesLogits() {
        return false;
    }

    /**
     * The tutorial's mean squared error: the mean of (prediction − target)² over every value of the
     * batch; gradient 2·(prediction − target) / values.
     *
     * @return a new loss
     */
    static Loss mse() {
        return new BufferedLoss(LossFunction.meanSquaredError());
    }

    /**
     * Softmax followed by categorical cross-entropy, fused: takes logits (the network ends with a
     * linear layer, not a softmax) and targets that are class probabilities, usually one-hot.
     * E = −(1/batch)·Σ target·log softmax(logits), computed with the log-sum-exp trick so that
     * large logits neither overflow nor lose precision; gradient (softmax(logits) − target) / batch.
     *
     * @return a new loss
     */
    static Loss softmaxCrossEntropy() {
        return new BufferedLoss(LossFunction.softmaxCrossEntropy());
    }

    /**
     * Binary cross-entropy on probabilities in [0, 1] (after a sigmoid):
     * E = −mean(target·log p + (1 − target)·log(1 − p)) over every value; p is clamped to
     * [1e−7, 1 − 1e−7] so that a saturated prediction gives a large but finite loss and gradient.
     *
     * @return a new loss
     */
    static Loss binaryCrossEntropy() {
        return new BufferedLoss(LossFunction.binaryCrossEntropy());
    }
}

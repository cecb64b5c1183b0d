package dev.nn.losses;

import dev.nn.core.Tensor;

/**
 * A loss formula: the error E of a batch of predictions against targets, averaged over the batch,
 * and its gradient ∂E/∂predictions, computed together as a pure function of the arguments. The
 * caller checks that predictions and targets have the same shape and owns the gradient buffer;
 * {@code dev.nn.Loss} wraps a formula into the loss a network uses.
 */
public interface LossFunction {
    /**
     * The name of the formula, as error messages and {@code toString} show it.
     *
     * @return the name, e.g. {@code "mse"}
     */
    String name();

    /**
     * Computes E and ∂E/∂predictions.
     *
     * @param predictions the network's outputs for a batch
     * @param targets the targets, of the shape of {@code predictions}
     * @param gradient overwritten with ∂E/∂predictions; of the shape of {@code predictions}
     * @return E, the loss of the batch
     */
    float compute(Tensor predictions, Tensor targets, Tensor gradient);

    /**
     * Whether the predictions are logits that the formula turns into probabilities itself, by a
     * softmax over the last axis.
     *
     * @return true for {@link #softmaxCrossEntropy()}, false by default
     */
    default boolean takesLogits() {
        return false;
    }

    /**
     * The mean squared error; see {@link MeanSquaredError}.
     *
     * @return the formula
     */
    static LossFunction meanSquaredError() {
        return new MeanSquaredError();
    }

    /**
     * Softmax and categorical cross-entropy, fused; see {@link SoftmaxCrossEntropy}.
     *
     * @return the formula
     */
    static LossFunction softmaxCrossEntropy() {
        return new SoftmaxCrossEntropy();
    }

    /**
     * Binary cross-entropy on probabilities; see {@link BinaryCrossEntropy}.
     *
     * @return the formula
     */
    static LossFunction binaryCrossEntropy() {
        return new BinaryCrossEntropy();
    }
}

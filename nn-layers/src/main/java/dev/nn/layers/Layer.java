package dev.nn.layers;

import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import java.util.List;

/**
 * One step of a {@link dev.nn.Network}: it maps a batch of inputs to a batch of outputs, and turns the
 * gradient of the error with respect to its output (∂E/∂Y) into the gradient with respect to its
 * input (∂E/∂X), adding the gradients of its own parameters on the way. It never updates its
 * parameters: an {@link dev.nn.Optimizer} does.
 *
 * <p>Tensors carry the batch dimension first; shapes passed to {@link #outputShape} are those of a
 * single sample (without the batch dimension). Layers own their output and gradient buffers and
 * reuse them from batch to batch: a returned tensor stays valid until the same method is called
 * again on the layer.
 *
 * <p>Layers are not thread-safe: a pass writes the layer's buffers. A network gives each thread
 * that predicts a set of layers of its own ({@link #shareParameters}).
 */
public interface Layer {
    /**
     * The shape of one output sample for one input sample of the given shape.
     *
     * @param inputShape the shape of one input sample
     * @return the shape of one output sample
     * @throws IllegalArgumentException if this layer cannot take inputs of that shape; the message
     *     says what it expected
     */
    int[] outputShape(int[] inputShape);

    /**
     * Draws the initial parameters, and any random state such as a dropout mask's generator, from
     * {@code rng}. {@link dev.nn.Network#add} calls it with a generator split from the network's seed; a
     * layer used on its own must be initialized before its first forward pass.
     *
     * @param rng the generator to draw from
     */
    default void initialize(Rng rng) {
    }

    /**
     * The forward pass over a batch [batch, input shape...]. The layer may keep {@code input} for
     * {@link #backward}: the caller must not change it in between. The result stays valid until
     * the next forward pass.
     *
     * @param input a batch of inputs
     * @return the batch of outputs, [batch, output shape...]
     */
    Tensor forward(Tensor input);

    /**
     * The backward pass for the last forward pass: adds ∂E/∂θ into each parameter's gradient and
     * returns ∂E/∂X, which stays valid until the next backward pass.
     *
     * @param outputGradient ∂E/∂Y, of the shape of the last forward pass's output
     * @return ∂E/∂X, of the shape of the last forward pass's input
     */
    Tensor backward(Tensor outputGradient);

    /**
     * The backward pass when nobody needs ∂E/∂X (the first layer of a network): adds ∂E/∂θ into
     * each parameter's gradient. Layers for which ∂E/∂X is costly skip computing it.
     *
     * @param outputGradient ∂E/∂Y, of the shape of the last forward pass's output
     */
    default void backwardParametersOnly(Tensor outputGradient) {
        backward(outputGradient);
    }

    /**
     * The trainable parameters.
     *
     * @return the parameters, in a fixed order; empty for layers without any
     */
    default List<Parameter> parameters() {
        return List.of();
    }

    /**
     * Whether this layer's output is a probability distribution over the last axis (a softmax),
     * which a loss that applies the softmax itself ({@link dev.nn.Loss#takesLogits()}) must not follow:
     * {@link dev.nn.Network} refuses the pair.
     *
     * @return false by default
     */
    default boolean outputsProbabilities() {
        return false;
    }

    /**
     * A layer of the same kind and hyper-parameters that shares this layer's {@link Parameter}
     * objects (not copies: it sees every update to them) but has buffers of its own.
     * {@link dev.nn.Network} switches it to inference mode and runs predictions on such layers, one set per thread at a time, so
     * that any number of threads can predict at once, also while the network trains.
     *
     * @return the layer, or null (the default) if this layer cannot make one: a network with such
     *     a layer runs its predictions one at a time, and never while it trains
     */
    default Layer shareParameters() {
        return null;
    }

    /**
     * Switches between training (e.g. dropout active) and inference behaviour.
     *
     * @param training true for training, false for inference
     */
    default void setTraining(boolean training) {
    }
}

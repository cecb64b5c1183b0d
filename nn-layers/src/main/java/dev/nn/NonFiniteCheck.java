package dev.nn;

import dev.nn.core.Tensor;
import dev.nn.core.kernels.Elementwise;
import dev.nn.layers.Layer;
import dev.nn.layers.Parameter;
import java.util.List;

/**
 * Finds where a training step went non-finite, and says so: a layer's weights (an earlier update
 * overflowed), a layer's output, the loss, or a parameter's gradient.
 */
final class NonFiniteCheck {
    private NonFiniteCheck() {
    }

    /** The last layer (the first the backward pass reached) with a NaN or ∞ in a parameter's gradient, or −1. */
    static int layerWithNonFiniteGradient(List<Layer> layers) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            List<Parameter> parameters = layers.get(i).parameters();
            for (int p = 0; p < parameters.size(); p++) { // indexed: an iterator would allocate every step
                Tensor g = parameters.get(p).gradient();
                if (Elementwise.firstNonFinite(g.size(), g.data(), 0) >= 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    static NonFiniteException ofGradient(List<Layer> layers, int layer, int epoch, int batch) {
        return new NonFiniteException(epoch, batch, layer, where(epoch, batch) + ": the gradient of layer " + layer
                + " (" + layers.get(layer) + ") with respect to its " + parameterNames(layers.get(layer), true) + " went NaN or infinite"
                + "; the step was not taken, so the weights are those from before this batch");
    }

    /**
     * Why the loss of a batch is not finite: the weights of a layer already were (an update
     * overflowed), or a layer's output went non-finite (found by running the batch's forward pass
     * again, layer by layer: the layers are in the same mode, with the same dropout mask), or the
     * loss itself.
     */
    static NonFiniteException ofLoss(List<Layer> layers, Loss loss, Tensor inputs, float value, int epoch, int batch) {
        for (int i = 0; i < layers.size(); i++) {
            String bad = parameterNames(layers.get(i), false);
            if (!bad.isEmpty()) {
                return new NonFiniteException(epoch, batch, i, where(epoch, batch) + ": the " + bad + " of layer " + i
                        + " (" + layers.get(i) + ") are NaN or infinite: an earlier update overflowed (is the learning "
                        + "rate too high?); they cannot be restored");
            }
        }
        Tensor t = inputs;
        for (int i = 0; i < layers.size(); i++) {
            t = layers.get(i).forward(t);
            int at = Elementwise.firstNonFinite(t.size(), t.data(), 0);
            if (at >= 0) {
                return new NonFiniteException(epoch, batch, i, where(epoch, batch) + ": the output of layer " + i + " ("
                        + layers.get(i) + ") went NaN or infinite, at sample " + at / (t.size() / t.dim(0)) + " of the "
                        + "batch (is the learning rate too high?); the step was not taken, so the weights are those "
                        + "from before this batch");
            }
        }
        return new NonFiniteException(epoch, batch, -1, where(epoch, batch) + ": the loss " + loss + " is " + value
                + " though every layer's output is finite; the step was not taken, so the weights are those from "
                + "before this batch");
    }

    private static String where(int epoch, int batch) {
        return epoch == 0 ? "trainBatch" : "epoch " + epoch + ", batch " + batch;
    }

    /** The names of the layer's parameters whose values (or gradients) hold a NaN or ∞, e.g. "weights, bias"; empty if none. */
    private static String parameterNames(Layer layer, boolean gradients) {
        StringBuilder names = new StringBuilder();
        for (Parameter p : layer.parameters()) {
            Tensor t = gradients ? p.gradient() : p.value();
            if (Elementwise.firstNonFinite(t.size(), t.data(), 0) >= 0) {
                names.append(names.isEmpty() ? "" : ", ").append(p.name());
            }
        }
        return names.toString();
    }
}

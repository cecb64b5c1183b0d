package dev.nn;

import dev.nn.core.Tensor;
import dev.nn.layers.Layer;
import java.util.ArrayList;
import java.util.List;

/**
 * The buffers of one prediction at a time: layers that share the network's parameters
 * ({@link Layer#shareParameters}) in inference mode, a loss of their own for {@code evaluate}, and
 * the reused batches of inputs and targets. A prediction takes one for its whole call, so that
 * calls on different threads never share a buffer; the network keeps idle ones for the next calls,
 * so that a steady stream of predictions allocates nothing but their results.
 */
final class Inference {
    private final List<Layer> layers;
    private final Loss loss;   // null if the network has none, or one that cannot be copied
    private final int version; // the network's structure version this was built for
    private final boolean own; // whether the layers are the network's own
    private Tensor inputs;     // [batch, input...]
    private Tensor targets;    // [batch, output...]

    private Inference(List<Layer> layers, Loss loss, int version, boolean own) {
        this.layers = layers;
        this.loss = loss;
        this.version = version;
        this.own = own;
    }

    /**
     * A set on the given layers' parameters, or null if one of them cannot share its parameters.
     *
     * @param loss the network's loss, copied if it is one of nn's
     * @param version the network's structure version
     */
    static Inference sharing(List<Layer> networkLayers, Loss loss, int version) {
        List<Layer> shared = new ArrayList<>(networkLayers.size());
        for (Layer layer : networkLayers) {
            Layer twin = layer.shareParameters();
            if (twin == null) {
                return null;
            }
            twin.setTraining(false);
            shared.add(twin);
        }
        return new Inference(shared, loss instanceof BufferedLoss b ? new BufferedLoss(b.formula()) : null, version, false);
    }

    /** A set on the network's own layers and loss, for networks whose layers cannot share. */
    static Inference own(List<Layer> networkLayers, Loss loss, int version) {
        return new Inference(networkLayers, loss, version, true);
    }

    boolean isOwn() {
        return own;
    }

    int version() {
        return version;
    }

    /** The loss for evaluate, or null if this set has none of its own. */
    Loss loss() {
        return loss;
    }

    /** One forward pass through every layer, in the layers' current mode. */
    Tensor forward(Tensor x) {
        Tensor t = x;
        for (int i = 0; i < layers.size(); i++) { // indexed: an iterator would allocate every batch
            t = layers.get(i).forward(t);
        }
        return t;
    }

    /** Rows [from, from + count) of x, samples of sampleShape, copied into this set's input batch. */
    Tensor inputRows(Tensor x, int[] sampleShape, int from, int count) {
        inputs = rows(inputs, x, sampleShape, from, count);
        return inputs;
    }

    /** Rows [from, from + count) of y, samples of sampleShape, copied into this set's target batch. */
    Tensor targetRows(Tensor y, int[] sampleShape, int from, int count) {
        targets = rows(targets, y, sampleShape, from, count);
        return targets;
    }

    private static Tensor rows(Tensor buffer, Tensor x, int[] sampleShape, int from, int count) {
        int rowSize = x.size() / x.dim(0);
        Tensor b = Tensor.reuse(buffer, count, sampleShape);
        System.arraycopy(x.data(), from * rowSize, b.data(), 0, count * rowSize);
        return b;
    }
}

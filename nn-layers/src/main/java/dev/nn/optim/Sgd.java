package dev.nn.optim;

import dev.nn.core.kernels.Elementwise;
import dev.nn.core.kernels.ParameterUpdates;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent, plain or with momentum, in the form PyTorch's {@code torch.optim.SGD}
 * uses (without dampening or weight decay):
 * <ul>
 *   <li>plain: {@code w −= learningRate·g} — H. Robbins and S. Monro, "A Stochastic Approximation
 *       Method", The Annals of Mathematical Statistics 22(3):400–407, 1951;</li>
 *   <li>momentum: {@code v = momentum·v + g; w −= learningRate·v} — B. T. Polyak, "Some methods of
 *       speeding up the convergence of iteration methods", USSR Computational Mathematics and
 *       Mathematical Physics 4(5):1–17, 1964;</li>
 *   <li>Nesterov: {@code v = momentum·v + g; w −= learningRate·(g + momentum·v)} — the form of
 *       Nesterov's accelerated gradient in I. Sutskever, J. Martens, G. Dahl and G. Hinton, "On the
 *       importance of initialization and momentum in deep learning", ICML 2013, rewritten, as
 *       PyTorch does, to step from the current weights rather than the look-ahead point.</li>
 * </ul>
 * The velocity v is the one state array, zero at first (none for plain descent).
 */
final class Sgd implements UpdateRule {
    private float learningRate;
    private final float momentum;
    private final boolean nesterov;

    Sgd(float learningRate, float momentum, boolean nesterov) {
        Ranges.check("learning rate", learningRate, 0f, false, Float.POSITIVE_INFINITY);
        Ranges.check("momentum", momentum, 0f, true, 1f);
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override
    public String name() {
        return momentum == 0f ? "sgd" : nesterov ? "nesterov" : "momentum";
    }

    @Override
    public float learningRate() {
        return learningRate;
    }

    @Override
    public void setLearningRate(float value) {
        Ranges.check("learning rate", value, 0f, false, Float.POSITIVE_INFINITY);
        learningRate = value;
    }

    @Override
    public Map<String, Float> hyperParameters() {
        Map<String, Float> values = new LinkedHashMap<>();
        values.put("learningRate", learningRate);
        if (momentum != 0f) {
            values.put("momentum", momentum);
        }
        return Collections.unmodifiableMap(values);
    }

    @Override
    public List<String> stateNames() {
        return momentum == 0f ? List.of() : List.of("momentum_buffer"); // v
    }

    @Override
    public void update(int n, float[] w, float[] g, float[][] state) {
        if (momentum == 0f) {
            // w −= learningRate·g
            Elementwise.axpy(n, -learningRate, g, 0, w, 0);
            return;
        }
        // v = momentum·v + g; w −= learningRate·v, or learningRate·(g + momentum·v) with Nesterov
        ParameterUpdates.momentum(n, learningRate, momentum, nesterov, w, g, state[0]);
    }

    @Override
    public String toString() {
        return momentum == 0f ? "sgd(" + learningRate + ")" : name() + "(" + learningRate + ", " + momentum + ")";
    }
}

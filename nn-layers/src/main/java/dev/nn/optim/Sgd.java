package dev.nn.optim;

import dev.nn.core.kernels.ParameterUpdates;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent, plain or with momentum, in the form PyTorch's {@code torch.optim.SGD}
 * uses (without dampening), where g is the gradient plus the L2 weight decay {@code weightDecay·w}
 * when that is not 0, as in PyTorch ({@code weight_decay}): an L2 penalty {@code weightDecay·‖w‖²/2}
 * added to the loss — A. Krogh and J. A. Hertz, "A Simple Weight Decay Can Improve
 * Generalization", NIPS 1991:
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
final class Sgd extends RateRule {
    private final float momentum;
    private final float weightDecay;
    private final boolean nesterov;

    Sgd(float learningRate, float momentum, float weightDecay, boolean nesterov) {
        super(learningRate);
        Ranges.check("momentum", momentum, 0f, true, 1f);
        Ranges.check("weight decay", weightDecay, 0f, true, Float.POSITIVE_INFINITY);
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
    }

    @Override
    public String name() {
        return momentum == 0f ? "sgd" : nesterov ? "nesterov" : "momentum";
    }

    @Override
    public Map<String, Float> hyperParameters() {
        Map<String, Float> values = new LinkedHashMap<>();
        values.put("learningRate", learningRate());
        if (momentum != 0f) {
            values.put("momentum", momentum);
        }
        if (weightDecay != 0f) {
            values.put("weightDecay", weightDecay);
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
            // w −= learningRate·(g + weightDecay·w)
            ParameterUpdates.sgd(n, learningRate(), weightDecay, w, g);
            return;
        }
        // d = g + weightDecay·w; v = momentum·v + d; w −= learningRate·v, or learningRate·(d + momentum·v) with Nesterov
        ParameterUpdates.momentum(n, learningRate(), momentum, weightDecay, nesterov, w, g, state[0]);
    }

    @Override
    public String toString() {
        String decay = weightDecay == 0f ? "" : ", weightDecay " + weightDecay;
        return momentum == 0f ? "sgd(" + learningRate() + decay + ")"
                : name() + "(" + learningRate() + ", " + momentum + decay + ")";
    }
}

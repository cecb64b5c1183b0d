package dev.nn.optim;

import dev.nn.core.kernels.Elementwise;
import dev.nn.core.kernels.ParameterUpdates;

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
    private final float learningRate;
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
    public int stateArrays() {
        return momentum == 0f ? 0 : 1;
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
        return momentum == 0f ? "sgd(" + learningRate + ")"
                : (nesterov ? "nesterov(" : "momentum(") + learningRate + ", " + momentum + ")";
    }
}

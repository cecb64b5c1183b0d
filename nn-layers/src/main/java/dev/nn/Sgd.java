package dev.nn;

import dev.nn.core.Elementwise;
import java.util.List;

/** See {@link Optimizer#sgd}, {@link Optimizer#momentum} and {@link Optimizer#nesterov}. */
final class Sgd implements Optimizer {
    private final float learningRate;
    private final float momentum;
    private final boolean nesterov;
    private final OptimizerState velocity = new OptimizerState(1);

    Sgd(float learningRate, float momentum, boolean nesterov) {
        OptimizerState.checkRate("learning rate", learningRate, 0f, false, Float.POSITIVE_INFINITY);
        OptimizerState.checkRate("momentum", momentum, 0f, true, 1f);
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override
    public void step(List<Parameter> parameters) {
        for (Parameter p : parameters) {
            int n = p.size();
            float[] w = p.value().data(), g = p.gradient().data();
            if (momentum == 0f) {
                Elementwise.axpy(n, -learningRate, g, 0, w, 0);
                continue;
            }
            float[] v = velocity.of(p)[0];
            Elementwise.scale(n, momentum, v, 0);
            Elementwise.axpy(n, 1f, g, 0, v, 0);
            if (nesterov) {
                Elementwise.axpy(n, -learningRate, g, 0, w, 0);
                Elementwise.axpy(n, -learningRate * momentum, v, 0, w, 0);
            } else {
                Elementwise.axpy(n, -learningRate, v, 0, w, 0);
            }
        }
    }

    @Override
    public String toString() {
        return momentum == 0f ? "sgd(" + learningRate + ")"
                : (nesterov ? "nesterov(" : "momentum(") + learningRate + ", " + momentum + ")";
    }
}

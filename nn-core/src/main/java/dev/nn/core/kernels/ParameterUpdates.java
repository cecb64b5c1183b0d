package dev.nn.core.kernels;

/**
 * The optimizers' update rules as fused kernels: one pass over weights, gradient and state instead
 * of one per arithmetic step. Arrays start at index 0 and hold at least n values.
 *
 * <p>State values that decay below {@link Float#MIN_NORMAL} are set to zero. A weight whose
 * gradient stays zero (a dead ReLU unit) would otherwise see its velocity decay, step after step,
 * into subnormal numbers, on which x86 cores take a microcode assist of about a hundred cycles per
 * operation, enough to slow a whole training step noticeably. A subnormal velocity moves a weight
 * by less than 10⁻³⁸, so nothing is lost.
 *
 * <p>Thread-safe: any number of threads may call these kernels at once on arrays they do not write
 * in common.
 */
public final class ParameterUpdates {
    private ParameterUpdates() {
    }

    /**
     * SGD with momentum (as in PyTorch): {@code v = momentum·v + g}, then
     * {@code w −= learningRate·v}, or with Nesterov {@code w −= learningRate·(g + momentum·v)}.
     *
     * @param n the number of weights
     * @param learningRate the step size
     * @param momentum the decay of the velocity, in [0, 1)
     * @param nesterov whether to take Nesterov's step
     * @param w the weights, updated in place
     * @param g the gradient ∂E/∂w
     * @param v the velocity, updated in place
     */
    public static void momentum(int n, float learningRate, float momentum, boolean nesterov,
                                float[] w, float[] g, float[] v) {
        check("ParameterUpdates.momentum", n, w, g, v, v);
        Implementations.UPDATES.momentum(n, learningRate, momentum, nesterov, w, g, v);
    }

    /**
     * Adam: {@code m = β1·m + (1 − β1)·g}, {@code v = β2·v + (1 − β2)·g²},
     * {@code w −= stepSize·m / (√v + epsilon)}, where the caller folds the bias corrections into
     * stepSize and epsilon.
     *
     * @param n the number of weights
     * @param stepSize the learning rate with the bias corrections folded in
     * @param beta1 the decay of the first moment
     * @param beta2 the decay of the second moment
     * @param epsilon the term added to √v, with the bias correction folded in
     * @param w the weights, updated in place
     * @param g the gradient ∂E/∂w
     * @param m the first-moment estimate, updated in place
     * @param v the second-moment estimate, updated in place
     */
    public static void adam(int n, float stepSize, float beta1, float beta2, float epsilon,
                            float[] w, float[] g, float[] m, float[] v) {
        check("ParameterUpdates.adam", n, w, g, m, v);
        Implementations.UPDATES.adam(n, stepSize, beta1, beta2, epsilon, w, g, m, v);
    }

    private static void check(String op, int n, float[] w, float[] g, float[] s1, float[] s2) {
        Checks.size(op, "n", n);
        Checks.array(op, "w", w, 0, n);
        Checks.array(op, "g", g, 0, n);
        Checks.array(op, "state", s1, 0, n);
        Checks.array(op, "state", s2, 0, n);
    }
}

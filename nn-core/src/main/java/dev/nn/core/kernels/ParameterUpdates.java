package dev.nn.core.kernels;

/**
 * The optimizers' update rules as fused kernels (one pass over weights, gradient and state instead
 * of one per arithmetic step), and the kernels of gradient clipping. Arrays start at index 0 and
 * hold at least n values.
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
     * Plain SGD with L2 weight decay (as in PyTorch): {@code w −= learningRate·(g + weightDecay·w)}.
     *
     * @param n the number of weights
     * @param learningRate the step size
     * @param weightDecay the factor of w added to the gradient; 0 for none
     * @param w the weights, updated in place
     * @param g the gradient ∂E/∂w
     */
    public static void sgd(int n, float learningRate, float weightDecay, float[] w, float[] g) {
        check("ParameterUpdates.sgd", n, w, g, w, w);
        Implementations.UPDATES.sgd(n, learningRate, weightDecay, w, g);
    }

    /**
     * SGD with momentum and L2 weight decay (as in PyTorch): {@code d = g + weightDecay·w},
     * {@code v = momentum·v + d}, then {@code w −= learningRate·v}, or with Nesterov
     * {@code w −= learningRate·(d + momentum·v)}.
     *
     * @param n the number of weights
     * @param learningRate the step size
     * @param momentum the decay of the velocity, in [0, 1)
     * @param weightDecay the factor of w added to the gradient; 0 for none
     * @param nesterov whether to take Nesterov's step
     * @param w the weights, updated in place
     * @param g the gradient ∂E/∂w
     * @param v the velocity, updated in place
     */
    public static void momentum(int n, float learningRate, float momentum, float weightDecay, boolean nesterov,
                                float[] w, float[] g, float[] v) {
        check("ParameterUpdates.momentum", n, w, g, v, v);
        Implementations.UPDATES.momentum(n, learningRate, momentum, weightDecay, nesterov, w, g, v);
    }

    /**
     * Adam, after AdamW's decoupled weight decay: {@code w = decay·w}, {@code m = β1·m + (1 − β1)·g},
     * {@code v = β2·v + (1 − β2)·g²}, {@code w −= stepSize·m / (√v + epsilon)}, where the caller
     * folds the bias corrections into stepSize and epsilon, and passes decay 1 for Adam.
     *
     * @param n the number of weights
     * @param decay the factor the weights are scaled by first: {@code 1 − learningRate·weightDecay}, or 1
     * @param stepSize the learning rate with the bias corrections folded in
     * @param beta1 the decay of the first moment
     * @param beta2 the decay of the second moment
     * @param epsilon the term added to √v, with the bias correction folded in
     * @param w the weights, updated in place
     * @param g the gradient ∂E/∂w
     * @param m the first-moment estimate, updated in place
     * @param v the second-moment estimate, updated in place
     */
    public static void adam(int n, float decay, float stepSize, float beta1, float beta2, float epsilon,
                            float[] w, float[] g, float[] m, float[] v) {
        check("ParameterUpdates.adam", n, w, g, m, v);
        Implementations.UPDATES.adam(n, decay, stepSize, beta1, beta2, epsilon, w, g, m, v);
    }

    /**
     * RMSprop (as in PyTorch, ε outside the root): {@code s = alpha·s + (1 − alpha)·g²},
     * {@code w −= learningRate·g / (√s + epsilon)}.
     *
     * @param n the number of weights
     * @param learningRate the step size
     * @param alpha the decay of the mean square
     * @param epsilon the term added to √s
     * @param w the weights, updated in place
     * @param g the gradient ∂E/∂w
     * @param s the running mean of g², updated in place
     */
    public static void rmsprop(int n, float learningRate, float alpha, float epsilon, float[] w, float[] g, float[] s) {
        check("ParameterUpdates.rmsprop", n, w, g, s, s);
        Implementations.UPDATES.rmsprop(n, learningRate, alpha, epsilon, w, g, s);
    }

    /**
     * Clips a gradient by value (as PyTorch's {@code clip_grad_value_}): clamps each value to
     * {@code [−limit, limit]}; NaN stays NaN.
     *
     * @param n the number of values
     * @param limit the largest magnitude kept, at least 0
     * @param g the gradient, clipped in place
     */
    public static void clipValues(int n, float limit, float[] g) {
        checkGradient("ParameterUpdates.clipValues", n, g);
        Implementations.UPDATES.clipValues(n, limit, g);
    }

    /**
     * Σ g² over a gradient, for its norm: each square exact in double and added in double, so the
     * sum is good to float precision however many values there are. The order of the additions is
     * fixed for a given machine (one thread, in vector lanes), so the same gradient always gives the
     * same sum; the scalar fallback adds in index order and may differ in the last bits of the double.
     *
     * @param n the number of values
     * @param g the gradient
     * @return the sum of the squares
     */
    public static double sumOfSquares(int n, float[] g) {
        checkGradient("ParameterUpdates.sumOfSquares", n, g);
        return Implementations.UPDATES.sumOfSquares(n, g);
    }

    private static void check(String op, int n, float[] w, float[] g, float[] s1, float[] s2) {
        Checks.size(op, "n", n);
        Checks.array(op, "w", w, 0, n);
        Checks.array(op, "g", g, 0, n);
        Checks.array(op, "state", s1, 0, n);
        Checks.array(op, "state", s2, 0, n);
    }

    private static void checkGradient(String op, int n, float[] g) {
        Checks.size(op, "n", n);
        Checks.array(op, "g", g, 0, n);
    }
}

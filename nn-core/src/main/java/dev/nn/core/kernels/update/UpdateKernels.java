package dev.nn.core.kernels.update;

/**
 * The optimizers' update rules as fused kernels, implemented on the Vector API
 * ({@link VectorUpdates}) and as plain loops ({@link ScalarUpdates}), rounding alike. Arguments are
 * checked by the public facade ({@code dev.nn.core.kernels.ParameterUpdates}), which documents the
 * rules; implementations assume them valid.
 */
public interface UpdateKernels {
    /** Plain SGD with L2 weight decay: {@code w −= learningRate·(g + weightDecay·w)}. */
    void sgd(int n, float learningRate, float weightDecay, float[] w, float[] g);

    /**
     * SGD with momentum and L2 weight decay: {@code d = g + weightDecay·w; v = momentum·v + d}, then
     * {@code w −= learningRate·v} (or Nesterov's step).
     */
    void momentum(int n, float learningRate, float momentum, float weightDecay, boolean nesterov, float[] w, float[] g,
                  float[] v);

    /**
     * Adam's step after scaling the weights by decay (AdamW's decoupled decay; 1 for Adam), the bias
     * corrections folded by the caller into stepSize and epsilon.
     */
    void adam(int n, float decay, float stepSize, float beta1, float beta2, float epsilon, float[] w, float[] g, float[] m,
              float[] v);

    /** RMSprop: {@code s = alpha·s + (1 − alpha)·g²; w −= learningRate·g / (√s + epsilon)}. */
    void rmsprop(int n, float learningRate, float alpha, float epsilon, float[] w, float[] g, float[] s);

    /** Clamps each g to [−limit, limit]. */
    void clipValues(int n, float limit, float[] g);

    /** Σ g², accumulated in double. */
    double sumOfSquares(int n, float[] g);
}

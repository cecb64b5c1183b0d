package dev.nn.core.kernels.update;

/**
 * The optimizers' update rules as fused kernels, implemented on the Vector API
 * ({@link VectorUpdates}) and as plain loops ({@link ScalarUpdates}), rounding alike. Arguments are
 * checked by the public facade ({@code dev.nn.core.kernels.ParameterUpdates}), which documents the
 * rules; implementations assume them valid.
 */
public interface UpdateKernels {
    /** SGD with momentum: {@code v = momentum·v + g}, then {@code w −= learningRate·v} (or Nesterov's step). */
    void momentum(int n, float learningRate, float momentum, boolean nesterov, float[] w, float[] g, float[] v);

    /** Adam's step, the bias corrections folded by the caller into stepSize and epsilon. */
    void adam(int n, float stepSize, float beta1, float beta2, float epsilon, float[] w, float[] g, float[] m, float[] v);
}

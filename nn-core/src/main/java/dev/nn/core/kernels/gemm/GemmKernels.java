package dev.nn.core.kernels.gemm;

/**
 * Single-precision matrix products, implemented on the Vector API ({@link VectorGemm}) and as
 * plain loops ({@link ScalarGemm}). Arguments are checked by the public facade
 * ({@code dev.nn.core.kernels.Gemm}), which documents the operation; implementations assume them
 * valid.
 */
public interface GemmKernels {
    /** {@code C = alpha·op(A)·op(B) + beta·C}, row-major, with leading dimensions; C not read when beta is 0. */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc);
}

package dev.nn.core.kernels.gemm;

/** The scalar twin of {@link VectorGemm}: one dot product per element, in k order. */
public final class ScalarGemm implements GemmKernels {
    /** The one instance: the class holds no state. */
    public static final ScalarGemm INSTANCE = new ScalarGemm();

    private ScalarGemm() {
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        // A(i,p) = a[aOff + i*ars + p*acs]; B(p,j) = b[bOff + p*brs + j*bcs]
        int ars = transA ? 1 : lda, acs = transA ? lda : 1;
        int brs = transB ? 1 : ldb, bcs = transB ? ldb : 1;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    sum += a[aOff + i * ars + p * acs] * b[bOff + p * brs + j * bcs];
                }
                int ci = cOff + i * ldc + j;
                c[ci] = beta == 0f ? alpha * sum : alpha * sum + beta * c[ci];
            }
        }
    }
}

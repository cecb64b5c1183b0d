package dev.nn.core.kernels.gemm;

import dev.nn.core.runtime.FloatScratch;
import java.util.Arrays;

/**
 * The scalar twin of {@link VectorGemm}, summing exactly as it does, so that the two give the same
 * bits and either may compute any product: C is first scaled by beta (with beta 0 its old values
 * are not read), then k is cut into the same blocks ({@link KBlocks}), and for each block every
 * element of C gets one fused multiply-add chain over the block, in k order from zero, which one
 * more fused multiply-add adds to C as alpha times it. The vector kernels hold one element of C
 * per lane, so the lane width changes none of this.
 *
 * <p>Each row of a block of op(B) is first copied into an array of its own, so that the innermost
 * loop (one step of the chains of a whole row of C) reads two arrays from index 0: C2 vectorizes
 * that loop, whereas an offset into either array keeps it scalar (C2 cannot rule out that they
 * overlap). Blocks are at most {@value #COLUMNS} columns wide, which bounds those copies.
 */
public final class ScalarGemm implements GemmKernels {
    /** The one instance: the class holds no state. */
    public static final ScalarGemm INSTANCE = new ScalarGemm();

    private static final int COLUMNS = 512;
    /** This thread's rows of the current block of op(B), each at least COLUMNS floats long. */
    private static final ThreadLocal<float[][]> ROWS = ThreadLocal.withInitial(() -> new float[0][]);
    /** This thread's chains for one row of C's block. */
    private static final FloatScratch CHAINS = new FloatScratch();

    private ScalarGemm() {
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        scale(m, n, beta, c, cOff, ldc);
        if (m == 0 || n == 0 || k == 0 || alpha == 0f) {
            return;
        }
        // A(i, p) = a[aOff + i*ars + p*acs]; B(p, j) = b[bOff + p*brs + j*bcs]
        int ars = transA ? 1 : lda, acs = transA ? lda : 1;
        int brs = transB ? 1 : ldb, bcs = transB ? ldb : 1;
        int kc = KBlocks.depth(k);
        float[][] rows = rows(kc);
        float[] chains = CHAINS.get(COLUMNS);
        for (int jc = 0; jc < n; jc += COLUMNS) {
            int nc = Math.min(COLUMNS, n - jc);
            for (int pc = 0; pc < k; pc += kc) {
                int kcb = Math.min(kc, k - pc);
                for (int p = 0; p < kcb; p++) {
                    int from = bOff + (pc + p) * brs + jc * bcs;
                    if (bcs == 1) {
                        System.arraycopy(b, from, rows[p], 0, nc);
                    } else {
                        for (int j = 0; j < nc; j++) {
                            rows[p][j] = b[from + j * bcs];
                        }
                    }
                }
                for (int i = 0; i < m; i++) {
                    Arrays.fill(chains, 0, nc, 0f);
                    int ai = aOff + i * ars + pc * acs;
                    for (int p = 0; p < kcb; p++) {
                        step(nc, a[ai + p * acs], rows[p], chains);
                    }
                    int ci = cOff + i * ldc + jc;
                    for (int j = 0; j < nc; j++) {
                        c[ci + j] = Math.fma(chains[j], alpha, c[ci + j]);
                    }
                }
            }
        }
    }

    /** One step of n chains: chains[j] += x·row[j], fused. */
    private static void step(int n, float x, float[] row, float[] chains) {
        for (int j = 0; j < n; j++) {
            chains[j] = Math.fma(x, row[j], chains[j]);
        }
    }

    /** This thread's row arrays, at least {@code count} of them. */
    private static float[][] rows(int count) {
        float[][] rows = ROWS.get();
        if (rows.length < count) {
            float[][] more = Arrays.copyOf(rows, count);
            for (int p = rows.length; p < count; p++) {
                more[p] = new float[COLUMNS];
            }
            ROWS.set(more);
            rows = more;
        }
        return rows;
    }

    /** C = beta·C; with beta 0 the old values are not read, as in BLAS. */
    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[row + j] = beta == 0f ? 0f : c[row + j] * beta;
            }
        }
    }
}

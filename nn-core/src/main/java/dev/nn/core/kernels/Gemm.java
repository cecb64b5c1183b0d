package dev.nn.core.kernels;

import dev.nn.core.Tensor;

/**
 * Single-precision matrix products, {@code C = alpha·op(A)·op(B) + beta·C}, on row-major
 * {@code float[]} matrices addressed by an offset and a leading dimension (the distance between
 * the starts of two rows), so that callers can work on sub-blocks without copying.
 *
 * <p>{@code op(X)} is X or its transpose: a dense layer needs X·W forward, dY·Wᵀ and Xᵀ·dY
 * backward. op(A) is m×k, op(B) is k×n and C is m×n. As in BLAS, when {@code beta} is 0 the old
 * values of C are not read (NaN in C does not leak into the result).
 *
 * <p>A row of C is the same bits whatever m is and wherever the row lies among the m rows, and
 * whatever the number of threads: the sums of a row do not depend on the other rows, so a dense
 * layer's output for one sample does not depend on the batch it is computed in.
 *
 * <p>Thread-safe: any number of threads may call these kernels at once on arrays they do not write
 * in common (their packing buffers are per thread, and calls that spread over the thread pool take
 * turns).
 */
public final class Gemm {
    private Gemm() {
    }

    /**
     * {@code C = alpha·op(A)·op(B) + beta·C}.
     *
     *
     * @param transA whether op(A) is Aᵀ: A is then stored k×m, else m×k
     * @param transB whether op(B) is Bᵀ: B is then stored n×k, else k×n
     * @param m the rows of op(A) and C
     * @param n the columns of op(B) and C
     * @param k the columns of op(A), the rows of op(B)
     * @param alpha the factor on the product
     * @param a A's array
     * @param aOffset the index of A's first value
     * @param lda the leading dimension of A: floats from the start of one stored row to the next
     * @param b B's array
     * @param bOffset the index of B's first value
     * @param ldb the leading dimension of B
     * @param beta the factor on C's old values (0: they are not read)
     * @param c C's array, overwritten with the result
     * @param cOffset the index of C's first value
     * @param ldc the leading dimension of C
     * @throws IllegalArgumentException naming the argument, if a size is negative, a leading
     *     dimension is shorter than its rows, or an array is too short for the matrix it holds
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int aOffset, int lda,
                             float[] b, int bOffset, int ldb,
                             float beta, float[] c, int cOffset, int ldc) {
        checkSizes(m, n, k);
        checkMatrix("A", a, aOffset, lda, transA ? k : m, transA ? m : k);
        checkMatrix("B", b, bOffset, ldb, transB ? n : k, transB ? k : n);
        checkMatrix("C", c, cOffset, ldc, m, n);
        IdenticalTwins.gemm(m, n, k).gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
    }

    /**
     * The matrix product of two 2-D tensors, [m, k]·[k, n] → a new [m, n] tensor.
     *
     *
     * @param a the left operand, [m, k]
     * @param b the right operand, [k, n]
     * @return the product, a new [m, n] tensor
     * @throws IllegalArgumentException if either tensor is not 2-D or the inner dimensions differ
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        if (a.rank() != 2 || b.rank() != 2 || a.dim(1) != b.dim(0)) {
            throw new IllegalArgumentException("matmul needs [m, k]·[k, n] but got "
                    + java.util.Arrays.toString(a.shape()) + "·" + java.util.Arrays.toString(b.shape()));
        }
        int m = a.dim(0), k = a.dim(1), n = b.dim(1);
        Tensor c = Tensor.zeros(m, n);
        sgemm(false, false, m, n, k, 1f, a.data(), 0, k, b.data(), 0, n, 0f, c.data(), 0, n);
        return c;
    }

    private static void checkSizes(int m, int n, int k) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("matrix sizes must not be negative: m=" + m + ", n=" + n + ", k=" + k);
        }
    }

    /** Checks that {@code x} holds a rows×cols matrix at {@code offset} with leading dimension ld. */
    static void checkMatrix(String name, float[] x, int offset, int ld, int rows, int cols) {
        if (x == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("leading dimension of " + name + " is " + ld
                    + " but its rows hold " + cols + " values");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset of " + name + " is negative: " + offset);
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        long end = offset + (long) (rows - 1) * ld + cols;
        if (end > x.length) {
            throw new IllegalArgumentException(name + " has length " + x.length + " but a " + rows + "×" + cols
                    + " matrix at offset " + offset + " with leading dimension " + ld + " needs " + end);
        }
    }
}

package dev.nn.core.kernels.gemm;

/**
 * How both GEMM twins cut k into blocks: into equal blocks of at most {@value #MAX} (so that no
 * thin last block pays a full pass for little work). Each element of C is summed block by block,
 * so the blocks fix its bits: they depend on k alone, never on m, n, the thread count or the twin.
 */
final class KBlocks {
    /**
     * The deepest block. A kc×NR panel (48 KiB) streams from L2 while the kc×MR values of A stay in
     * L1 (12 KiB); deeper blocks push A's rows out of L1.
     */
    static final int MAX = 384;

    private KBlocks() {
    }

    /** The depth of every block but possibly the last, which may be shorter. */
    static int depth(int k) {
        int blocks = (k + MAX - 1) / MAX;
        return (k + blocks - 1) / blocks;
    }
}

package dev.nn.core.kernels;

import dev.nn.core.kernels.conv.ConvKernels;
import dev.nn.core.kernels.conv.ScalarConv;
import dev.nn.core.kernels.conv.VectorConv;
import dev.nn.core.kernels.elementwise.ElementwiseKernels;
import dev.nn.core.kernels.elementwise.ScalarElementwise;
import dev.nn.core.kernels.elementwise.VectorElementwise;
import dev.nn.core.kernels.gemm.GemmKernels;
import dev.nn.core.kernels.gemm.ScalarGemm;
import dev.nn.core.kernels.gemm.VectorGemm;
import dev.nn.core.kernels.norm.NormalizationKernels;
import dev.nn.core.kernels.norm.ScalarNormalization;
import dev.nn.core.kernels.norm.VectorNormalization;
import dev.nn.core.kernels.pool.PoolingKernels;
import dev.nn.core.kernels.pool.ScalarPooling;
import dev.nn.core.kernels.pool.VectorPooling;
import dev.nn.core.kernels.update.ScalarUpdates;
import dev.nn.core.kernels.update.UpdateKernels;
import dev.nn.core.kernels.update.VectorUpdates;
import dev.nn.core.runtime.VectorSupport;

/**
 * The one place that chooses, for every kernel family, between its Vector API implementation and
 * its scalar twin: once, when the first kernel is used, by {@link VectorSupport}'s decision. The
 * choices are {@code static final} fields, so the JIT sees a single implementation behind each
 * facade call and inlines it. A family interface the compiler holds both implementations to is
 * what guarantees that every SIMD kernel has its twin. The classes of the unused implementation
 * are never loaded: without the Vector API module, loading the SIMD ones would fail.
 */
final class Implementations {
    static final GemmKernels GEMM;
    static final ConvKernels CONV;
    static final PoolingKernels POOLING;
    static final NormalizationKernels NORMALIZATION;
    static final ElementwiseKernels ELEMENTWISE;
    static final UpdateKernels UPDATES;

    static {
        if (VectorSupport.enabled()) {
            GEMM = VectorGemm.INSTANCE;
            CONV = VectorConv.INSTANCE;
            POOLING = VectorPooling.INSTANCE;
            NORMALIZATION = VectorNormalization.INSTANCE;
            ELEMENTWISE = VectorElementwise.INSTANCE;
            UPDATES = VectorUpdates.INSTANCE;
        } else {
            GEMM = ScalarGemm.INSTANCE;
            CONV = ScalarConv.INSTANCE;
            POOLING = ScalarPooling.INSTANCE;
            NORMALIZATION = ScalarNormalization.INSTANCE;
            ELEMENTWISE = ScalarElementwise.INSTANCE;
            UPDATES = ScalarUpdates.INSTANCE;
        }
    }

    private Implementations() {
    }
}

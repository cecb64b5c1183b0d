/**
 * Tensors and the SIMD kernels of nn: GEMM, convolution (with Winograd's algorithm), pooling,
 * element-wise operations and parameter updates, each on the Vector API with a scalar twin.
 */
module dev.nn.core {
    requires jdk.incubator.vector;
    // The JVM's options, read once to tell whether the optimizing JIT that the Vector API needs is off.
    requires java.management;

    exports dev.nn.core;
    exports dev.nn.core.kernels;
}

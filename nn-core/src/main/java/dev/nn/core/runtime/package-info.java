/**
 * What every kernel runs on: {@code VectorSupport} (the one-time decision between the Vector API
 * and the scalar twins), {@code ThreadPool} (the fixed pool kernels split their work over, in
 * blocks that do not depend on its size), per-thread scratch buffers that each kernel declares and
 * owns ({@code FloatScratch}, {@code IntScratch}, {@code SegmentScratch}), {@code FloatArrays}
 * (arrays with a vector of slack past their values), and {@code WinogradWeightGradient} (the
 * opt-in that trades exact zeros in convolutions' weight gradients for speed).
 *
 * <p>May use: the JDK only. Not exported: the module's own packages use it.
 */
package dev.nn.core.runtime;

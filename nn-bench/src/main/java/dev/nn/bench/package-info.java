/**
 * The benchmarks: JMH suites for the kernels and a training step, {@code TrainBench} (end-to-end
 * training and inference of the reference networks) and {@code SideBySide} (two builds of nn-core
 * timed in alternation in one JVM). How to run them and the current figures: nn-bench/README.md.
 *
 * <p>May use: the public API of nn-layers and nn-core, {@code dev.nn.digits}, and JMH.
 */
package dev.nn.bench;

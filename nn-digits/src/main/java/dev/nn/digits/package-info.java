/**
 * The 10,000 real MNIST digits (8,000 for training, 2,000 for testing) that nn ships as class-path
 * resources, for the examples, the benchmarks and quick experiments without a download:
 * {@link dev.nn.digits.EmbeddedDigits#load()}.
 *
 * <p>May use: {@code dev.nn.data} (the IDX reader) and the JDK.
 */
package dev.nn.digits;

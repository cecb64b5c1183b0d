/**
 * The runnable examples (the tutorial's XOR and convolution stack, MNIST with a dense and a
 * convolutional network), their command-line options, the MNIST examples' pictures and the launcher
 * that picks one.
 *
 * <p>May use: the public API of nn-layers and nn-core, {@code dev.nn.digits} and {@code dev.nn.plot}.
 */
package dev.nn.examples;

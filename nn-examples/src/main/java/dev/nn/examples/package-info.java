/**
 * The runnable examples (the tutorial's XOR and convolution stack, MNIST with a dense and a
 * convolutional network), their command-line options and the launcher that picks one.
 *
 * <p>May use: the public API of nn-layers and nn-core, and {@code dev.nn.digits}.
 */
package dev.nn.examples;

/**
 * The layers: the {@link dev.nn.layers.Layer} interface with the {@link dev.nn.layers.Parameter}s a
 * layer trains and the {@link dev.nn.layers.Init} schemes that draw them, and the layers
 * {@link dev.nn.layers.Dense}, {@link dev.nn.layers.Conv2D}, {@link dev.nn.layers.Activation},
 * {@link dev.nn.layers.MaxPool2D}, {@link dev.nn.layers.Flatten} and {@link dev.nn.layers.Dropout},
 * each with its forward and backward passes side by side in its own file, on the kernels of nn-core.
 *
 * <p>May use: nn-core only. {@link dev.nn} (the {@code Network}) and {@code dev.nn.io} (model files)
 * build on it.
 */
package dev.nn.layers;

/**
 * The layers: {@link dev.nn.layers.Dense}, {@link dev.nn.layers.Conv2D},
 * {@link dev.nn.layers.Activation}, {@link dev.nn.layers.MaxPool2D}, {@link dev.nn.layers.Flatten}
 * and {@link dev.nn.layers.Dropout}, each a {@link dev.nn.Layer} with its forward and backward
 * passes side by side in its own file, on the kernels of nn-core.
 *
 * <p>May use: {@link dev.nn} (the {@code Layer} interface, {@code Parameter}, {@code Init}) and
 * nn-core. Nothing else in nn-layers depends on this package.
 */
package dev.nn.layers;

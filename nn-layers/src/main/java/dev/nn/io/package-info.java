/**
 * Model files: a network's architecture, weights and (for checkpoints) training state in one
 * safetensors file whose tensors are named and laid out as a PyTorch {@code nn.Sequential}'s state
 * dict. {@link dev.nn.io.ModelFile} reads and writes them; {@link dev.nn.io.Architecture} is the
 * architecture JSON kept in the file's metadata (its format is documented in
 * {@code docs/model-files.md}), {@link dev.nn.io.StateDict} the PyTorch names and layouts, and
 * {@link dev.nn.io.TrainingState} what a checkpoint adds. {@code dev.nn.Network}'s
 * {@code save}, {@code load} and {@code loadWeights} are the API; this package is not exported.
 *
 * <p>May use: {@link dev.nn.layers}, {@code dev.nn.losses}, {@code dev.nn.optim},
 * {@code dev.nn.io.safetensors}, Gson and nn-core.
 */
package dev.nn.io;

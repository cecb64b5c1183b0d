/**
 * The safetensors file format of Hugging Face and PyTorch: {@link dev.nn.io.safetensors.SafeTensorsReader}
 * checks a file's header against every rule of the format before it reads any tensor, and reads
 * tensors on demand; {@link dev.nn.io.safetensors.SafeTensorsWriter} saves a file atomically, never
 * leaving a half-written one in place of the previous. A header describes each tensor as a
 * {@link dev.nn.io.safetensors.TensorEntry} of a {@link dev.nn.io.safetensors.DType}.
 * {@link dev.nn.io.safetensors.StrictJson} is the strict JSON parser behind the header, also for
 * JSON documents stored in a file's metadata.
 *
 * <p>The package is not exported: {@code dev.nn.io} builds model files on it.
 *
 * <p>May use: Gson and the JDK only.
 */
package dev.nn.io.safetensors;

package dev.nn.io.safetensors;

import java.nio.FloatBuffer;

/**
 * The values of one F32 tensor, written when the file is saved rather than copied when the tensor is
 * added: a caller may store a view (say, a transposed matrix) straight from its own arrays.
 */
@FunctionalInterface
public interface TensorData {
    /**
     * Puts the tensor's values, row-major, into {@code values}, with relative or absolute puts.
     * Values that are not put stay 0. An exception thrown here aborts the save and leaves the target
     * file as it was.
     *
     * @param values a little-endian buffer of exactly the tensor's element count, positioned at 0
     */
    void fill(FloatBuffer values);
}

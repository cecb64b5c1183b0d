package dev.nn.io.safetensors;

import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor as a safetensors header describes it: its name, element type, shape and where its
 * bytes lie in the data area (the bytes after the header), {@code begin} inclusive, {@code end}
 * exclusive. The reader hands out only entries it has checked: non-negative dimensions, and exactly
 * {@code elementCount() * dtype().size()} bytes between the offsets.
 *
 * @param name the tensor's name, the key of its entry in the header
 * @param dtype the element type
 * @param shape the dimensions, row-major; empty for a scalar
 * @param begin the offset of the first byte in the data area
 * @param end the offset after the last byte in the data area
 */
public record TensorEntry(String name, DType dtype, long[] shape, long begin, long end) {
    /**
     * Holds a copy of {@code shape}, so that the entry cannot change.
     *
     * @param name the tensor's name
     * @param dtype the element type
     * @param shape the dimensions
     * @param begin the offset of the first byte in the data area
     * @param end the offset after the last byte in the data area
     * @throws NullPointerException if {@code name}, {@code dtype} or {@code shape} is null
     */
    public TensorEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
    }

    /**
     * The dimensions.
     *
     * @return a copy of the shape
     */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /**
     * The number of elements: the product of the dimensions, 1 for a scalar.
     *
     * @return the element count
     * @throws ArithmeticException if the product overflows a long (never for an entry the reader
     *     hands out)
     */
    public long elementCount() {
        return elementCount(shape);
    }

    /**
     * The bytes between the offsets.
     *
     * @return {@code end - begin}
     */
    public long byteLength() {
        return end - begin;
    }

    /**
     * Compares the shapes by content, as the other components.
     *
     * @param other the object to compare with
     * @return whether {@code other} is an entry with equal components
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof TensorEntry e && name.equals(e.name) && dtype == e.dtype
                && Arrays.equals(shape, e.shape) && begin == e.begin && end == e.end;
    }

    /**
     * A hash of all components, the shape by content.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), begin, end);
    }

    /**
     * Describes the entry as in error messages.
     *
     * @return e.g. {@code tensor "0.weight": F32 [2, 3] at [0, 24)}
     */
    @Override
    public String toString() {
        return label(name) + ": " + dtype + " " + Arrays.toString(shape) + " at [" + begin + ", " + end + ")";
    }

    /** The product of {@code shape}, with an ArithmeticException on overflow. */
    static long elementCount(long[] shape) {
        long count = 1;
        for (long dimension : shape) {
            count = Math.multiplyExact(count, dimension);
        }
        return count;
    }

    /** How messages name a tensor: {@code tensor "0.weight"}. */
    static String label(String name) {
        return "tensor \"" + name + "\"";
    }
}

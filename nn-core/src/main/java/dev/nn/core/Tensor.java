package dev.nn.core;

import dev.nn.core.runtime.FloatArrays;
import java.util.Arrays;

/**
 * A dense float tensor: a flat {@code float[]} and a shape, row-major (the last index varies
 * fastest), batch dimension first, images as NCHW.
 *
 * <p>The values are the first {@link #size()} elements of {@link #data()}; the array may be longer,
 * so that a buffer sized for the largest batch can hold a smaller one without copying. Tensors
 * share their array with every view made by {@link #reshape} and with whoever wrapped it: writing
 * through one is seen by all.
 *
 * <p>Not thread-safe: any number of threads may read a tensor at once, but one that writes it while
 * others read or write it needs its own synchronization.
 */
public final class Tensor {
    /** Largest tensor that {@link #toString()} prints in full. */
    private static final int PRINT_LIMIT = 256;
    /** Most values a tensor holds: a Java array's limit, less the kernels' slack. */
    private static final int MAX_SIZE = Integer.MAX_VALUE - 8 - FloatArrays.SLACK;

    private final float[] data;
    private final int[] shape;
    private final int size;

    private Tensor(float[] data, int[] shape, int size) {
        this.data = data;
        this.shape = shape;
        this.size = size;
    }

    /**
     * A tensor of the given shape filled with zeros.
     *
     * @param shape the dimensions, each at least 1
     * @return a new tensor
     */
    public static Tensor zeros(int... shape) {
        int[] s = checkedCopy(shape);
        return new Tensor(FloatArrays.allocate(sizeOf(s)), s, sizeOf(s));
    }

    /**
     * A tensor of the given shape over {@code data}, without copying it.
     *
     *
     * @param data the array to wrap; its first values are the tensor's
     * @param shape the dimensions, each at least 1
     * @return a tensor sharing {@code data}
     * @throws IllegalArgumentException if the shape has a dimension below 1, or {@code data} holds
     *     fewer values than the shape needs
     */
    public static Tensor wrap(float[] data, int... shape) {
        if (data == null) {
            throw new IllegalArgumentException("data is null");
        }
        int[] s = checkedCopy(shape);
        int size = sizeOf(s);
        if (data.length < size) {
            throw new IllegalArgumentException("array of length " + data.length + " is too short for shape "
                    + Arrays.toString(s) + ", which needs " + size + " values");
        }
        return new Tensor(data, s, size);
    }

    /**
     * A tensor of the given shape whose values are drawn uniformly from [lo, hi) by {@code rng}.
     *
     * @param rng the generator that draws the values
     * @param lo the smallest value
     * @param hi the bound above the values
     * @param shape the dimensions, each at least 1
     * @return a new tensor
     */
    public static Tensor uniform(Rng rng, float lo, float hi, int... shape) {
        Tensor t = zeros(shape);
        rng.fillUniform(t.data, 0, t.size, lo, hi);
        return t;
    }

    /**
     * A tensor of the given shape whose values are normal with the given mean and deviation.
     *
     * @param rng the generator that draws the values
     * @param mean the mean of the values
     * @param stddev their standard deviation
     * @param shape the dimensions, each at least 1
     * @return a new tensor
     */
    public static Tensor gaussian(Rng rng, float mean, float stddev, int... shape) {
        Tensor t = zeros(shape);
        rng.fillGaussian(t.data, 0, t.size, mean, stddev);
        return t;
    }

    /**
     * A tensor of shape [batch, sampleShape...] for a loop that reuses its buffers: {@code previous}
     * itself when it already has that shape, else a view over its array when that is long enough,
     * else a new array (half as large again, so that a slowly growing batch does not reallocate
     * every time). The values are whatever the array held: callers overwrite them.
     *
     *
     * @param previous the tensor to reuse, or null
     * @param batch the first dimension
     * @param sampleShape the other dimensions
     * @return a tensor of the asked shape
     */
    public static Tensor reuse(Tensor previous, int batch, int[] sampleShape) {
        if (previous != null && previous.shape.length == sampleShape.length + 1 && previous.shape[0] == batch
                && Arrays.equals(previous.shape, 1, previous.shape.length, sampleShape, 0, sampleShape.length)) {
            return previous;
        }
        int[] s = new int[sampleShape.length + 1];
        s[0] = batch;
        System.arraycopy(sampleShape, 0, s, 1, sampleShape.length);
        checkShape(s); // s is this method's own: no copy
        int size = sizeOf(s);
        if (previous != null && previous.data.length >= size) {
            return new Tensor(previous.data, s, size);
        }
        int capacity = previous == null ? size : (int) Math.min(MAX_SIZE, Math.max(size, previous.data.length * 3L / 2));
        return new Tensor(FloatArrays.allocate(capacity), s, size);
    }

    /**
     * {@code previous} if it has the shape of {@code like}, else as {@link #reuse(Tensor, int, int[])}.
     *
     * @param previous the tensor to reuse, or null
     * @param like the tensor whose shape is wanted
     * @return a tensor of the shape of {@code like}
     */
    public static Tensor reuseLike(Tensor previous, Tensor like) {
        if (previous != null && previous.sameShape(like)) {
            return previous;
        }
        return reuse(previous, like.shape[0], Arrays.copyOfRange(like.shape, 1, like.shape.length));
    }

    /**
     * Whether {@code other} has the same shape as this tensor.
     *
     * @param other the tensor to compare with
     * @return whether the shapes are equal
     */
    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    /**
     * A view of the same values with another shape of the same size; one dimension may be -1, to
     * be inferred. No values are copied.
     *
     *
     * @param newShape the new dimensions, one of which may be -1
     * @return a view of the same values
     * @throws IllegalArgumentException if the sizes differ or more than one dimension is -1
     */
    public Tensor reshape(int... newShape) {
        if (newShape == null || newShape.length == 0) {
            throw new IllegalArgumentException("a shape needs at least one dimension");
        }
        int[] s = newShape.clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("shape " + Arrays.toString(newShape)
                            + " has more than one -1 dimension");
                }
                inferred = i;
            } else {
                known *= s[i];
            }
        }
        if (inferred >= 0 && known > 0 && size % known == 0) {
            s[inferred] = (int) (size / known);
        }
        checkShape(s);
        if (sizeOf(s) != size) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " (" + size
                    + " values) to " + Arrays.toString(newShape));
        }
        return new Tensor(data, s, size);
    }

    /**
     * A tensor of the same shape with its own copy of the values.
     *
     * @return a new tensor with its own array
     */
    public Tensor copy() {
        return new Tensor(Arrays.copyOf(data, size + FloatArrays.SLACK), shape.clone(), size);
    }

    /**
     * A copy of the values, {@link #size()} long.
     *
     * @return a new array of {@link #size()} values
     */
    public float[] toArray() {
        return Arrays.copyOf(data, size);
    }

    /**
     * The backing array; the tensor's values are its first {@link #size()} elements (arrays the
     * tensors allocate themselves are longer: see {@link #toArray()} for the values alone).
     *
     * @return the array, shared
     */
    public float[] data() {
        return data;
    }

    /**
     * A copy of the shape.
     *
     * @return a new array of the dimensions
     */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * The number of dimensions.
     *
     * @return the number of dimensions
     */
    public int rank() {
        return shape.length;
    }

    /**
     * The extent of dimension {@code axis}.
     *
     * @param axis the dimension, from 0
     * @return the extent
     */
    public int dim(int axis) {
        if (axis < 0 || axis >= shape.length) {
            throw new IllegalArgumentException("axis " + axis + " is out of range for shape " + Arrays.toString(shape));
        }
        return shape[axis];
    }

    /**
     * The number of values: the product of the dimensions.
     *
     * @return the number of values
     */
    public int size() {
        return size;
    }

    /**
     * The value at the given index, one coordinate per dimension.
     *
     * @param index one coordinate per dimension
     * @return the value
     */
    public float get(int... index) {
        return data[offsetOf(index)];
    }

    /**
     * Sets the value at the given index, one coordinate per dimension.
     *
     * @param value the new value
     * @param index one coordinate per dimension
     */
    public void set(float value, int... index) {
        data[offsetOf(index)] = value;
    }

    private int offsetOf(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has " + index.length
                    + " coordinates but shape " + Arrays.toString(shape) + " has " + shape.length);
        }
        int offset = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IllegalArgumentException("index " + Arrays.toString(index) + " is out of bounds for shape "
                        + Arrays.toString(shape));
            }
            offset = offset * shape[i] + index[i];
        }
        return offset;
    }

    /**
     * The shape and, for tensors of up to 256 values, every value, nested by dimension.
     *
     * @return the shape and values, for printing
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(Arrays.toString(shape)).append(' ');
        if (size > PRINT_LIMIT) {
            sb.append('[');
            for (int i = 0; i < 6; i++) {
                sb.append(data[i]).append(", ");
            }
            return sb.append("... (").append(size).append(" values)]").toString();
        }
        appendNested(sb, 0, 0);
        return sb.toString();
    }

    private int appendNested(StringBuilder sb, int axis, int offset) {
        sb.append('[');
        for (int i = 0; i < shape[axis]; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            if (axis == shape.length - 1) {
                sb.append(data[offset++]);
            } else {
                offset = appendNested(sb, axis + 1, offset);
            }
        }
        sb.append(']');
        return offset;
    }

    /** A checked copy of a caller's shape: the tensor must not share an array its caller may change. */
    private static int[] checkedCopy(int[] shape) {
        checkShape(shape);
        return shape.clone();
    }

    private static void checkShape(int[] shape) {
        if (shape == null || shape.length == 0) {
            throw new IllegalArgumentException("a shape needs at least one dimension");
        }
        long n = 1;
        for (int d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a dimension below 1");
            }
            n *= d;
            if (n > MAX_SIZE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more values than a Java array holds");
            }
        }
    }

    private static int sizeOf(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}

package dev.nn.core.kernels;

/**
 * The facades' argument checks, each message naming the operation and the argument that is wrong
 * and saying what was needed. They run on every kernel call, so a message is put together only
 * when a check fails.
 */
final class Checks {
    private Checks() {
    }

    /** Checks that a size is not negative. */
    static void size(String op, String name, int size) {
        if (size < 0) {
            throw new IllegalArgumentException(op + ": " + name + " must not be negative but is " + size);
        }
    }

    /** Checks that {@code a} holds {@code count} values from {@code offset}. */
    static void array(String op, String name, float[] a, int offset, long count) {
        array(op, name, a == null ? -1 : a.length, offset, count);
    }

    /** Checks that {@code a} holds {@code count} values from index 0. */
    static void array(String op, String name, int[] a, long count) {
        array(op, name, a, 0, count);
    }

    /** Checks that {@code a} holds {@code count} values from {@code offset}. */
    static void array(String op, String name, int[] a, int offset, long count) {
        array(op, name, a == null ? -1 : a.length, offset, count);
    }

    /** @param length the array's length, or −1 when it is null */
    private static void array(String op, String name, int length, int offset, long count) {
        if (offset < 0) {
            throw new IllegalArgumentException(op + ": offset of " + name + " is negative: " + offset);
        }
        if (length < 0 || offset + count > length) {
            throw new IllegalArgumentException(op + ": " + (length < 0 ? name + " is null" : name + " has length " + length)
                    + " but needs length " + (offset + count) + " (" + count + " values from offset " + offset + ")");
        }
    }
}

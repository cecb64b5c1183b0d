package dev.nn.io.safetensors;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;

/**
 * The rule that tensors tile the data area: sorted by offset, the first starts at 0, each starts
 * where the previous ended, the last ends at the end of the file. No byte belongs to two tensors or
 * to none, so no byte of a file goes unchecked.
 */
final class Tiling {
    private static final Comparator<TensorEntry> DATA_ORDER =
            Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end);

    private Tiling() {
    }

    /**
     * The tensors in the order of their data, zero-size tensors before a tensor at the same offset;
     * an IOException, its message starting with {@code file}, if they do not tile {@code dataLength} bytes.
     */
    static List<TensorEntry> inDataOrder(List<TensorEntry> tensors, long dataLength, String file) throws IOException {
        List<TensorEntry> sorted = tensors.stream().sorted(DATA_ORDER).toList();
        TensorEntry previous = null;
        for (TensorEntry tensor : sorted) {
            long expected = previous == null ? 0 : previous.end();
            String where = file + ": " + TensorEntry.label(tensor.name()) + ": data starts at byte " + tensor.begin();
            if (tensor.begin() > expected) {
                throw new IOException(where + (previous == null ? ", but the first tensor must start at 0"
                        : ", leaving bytes " + expected + " to " + tensor.begin() + " after "
                                + TensorEntry.label(previous.name()) + " unused"));
            }
            if (tensor.begin() < expected) {
                throw new IOException(where + ", inside " + TensorEntry.label(previous.name()) + ", which ends at byte " + expected);
            }
            previous = tensor;
        }
        long end = previous == null ? 0 : previous.end();
        if (end > dataLength) {
            throw new IOException(file + ": " + TensorEntry.label(previous.name()) + ": data ends at byte " + end
                    + ", beyond the end of the file (the data area holds " + dataLength + " bytes)");
        }
        if (end < dataLength) {
            throw new IOException(file + ": the data area holds " + dataLength + " bytes but "
                    + (previous == null ? "there are no tensors" : "the last tensor, " + TensorEntry.label(previous.name())
                            + ", ends at byte " + end) + ": " + (dataLength - end) + " trailing bytes");
        }
        return sorted;
    }
}

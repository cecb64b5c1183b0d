package dev.nn;

import dev.nn.layers.Layer;
import dev.nn.layers.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The table of {@link Network#summary()}: each layer, its output shape and parameter count, and the totals. */
final class Summary {
    private Summary() {
    }

    /**
     * The table for the layers, given the input shape (or null when none is known, and the output
     * shapes show as "?").
     */
    static String of(List<Layer> layers, int[] inputShape) {
        List<String[]> rows = new ArrayList<>();
        int[] shape = inputShape;
        long total = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            shape = shape == null ? null : layer.outputShape(shape);
            long count = 0;
            for (Parameter p : layer.parameters()) {
                count += p.size();
            }
            total += count;
            rows.add(new String[] {i + "  " + layer, shape == null ? "?" : batchOf(shape), String.format(Locale.ROOT, "%,d", count)});
        }
        String[] header = {"Layer", "Output shape", "Parameters"};
        int[] width = new int[3];
        for (String[] row : concat(header, rows)) {
            for (int c = 0; c < 3; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        String rule = "-".repeat(width[0] + width[1] + width[2] + 6);
        StringBuilder out = new StringBuilder();
        out.append("Input: ").append(inputShape == null ? "not known yet (declare it with input(...))" : batchOf(inputShape))
                .append('\n').append(rule).append('\n').append(row(header, width)).append('\n').append(rule.replace('-', '='))
                .append('\n');
        for (String[] r : rows) {
            out.append(row(r, width)).append('\n');
        }
        out.append(rule).append('\n').append(String.format(Locale.ROOT, "Total parameters: %,d (%s as float32)%n", total,
                bytes(total * 4)));
        return out.toString();
    }

    private static List<String[]> concat(String[] first, List<String[]> rest) {
        List<String[]> all = new ArrayList<>(rest);
        all.add(first);
        return all;
    }

    private static String row(String[] cells, int[] width) {
        return String.format(Locale.ROOT, "%-" + width[0] + "s   %-" + width[1] + "s   %" + width[2] + "s", (Object[]) cells);
    }

    private static String batchOf(int[] sample) {
        String s = Arrays.toString(sample);
        return "[batch, " + s.substring(1);
    }

    private static String bytes(long n) {
        return n < 1 << 20 ? String.format(Locale.ROOT, "%.1f KiB", n / 1024.0) : String.format(Locale.ROOT, "%.1f MiB", n / 1048576.0);
    }
}

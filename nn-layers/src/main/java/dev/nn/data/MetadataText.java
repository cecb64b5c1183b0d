package dev.nn.data;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/**
 * Lists as single metadata strings, for model files whose metadata is a map of strings: a list of
 * names as one CSV record (so a name may hold commas or quotes), numbers as {@link Float#toString}
 * joined by commas (which reads back to the same float).
 */
final class MetadataText {
    private MetadataText() {
    }

    static String names(List<String> names) {
        StringWriter out = new StringWriter();
        CsvWriter.builder().lineDelimiter(LineDelimiter.LF).autoFlush(true).build(out).writeRecord(names);
        String line = out.toString();
        return line.substring(0, line.length() - 1);
    }

    static List<String> names(String text) {
        return CsvReader.builder().ofSingleCsvRecord(text).getFields();
    }

    static String numbers(double[] values) {
        StringBuilder s = new StringBuilder();
        for (double v : values) {
            s.append(s.isEmpty() ? "" : ",").append(v);
        }
        return s.toString();
    }

    static double[] numbers(String text, String key) {
        String[] parts = text.split(",", -1);
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("metadata " + key + ": value " + i + " is \"" + parts[i]
                        + "\", not a number");
            }
        }
        return values;
    }

    static String require(Map<String, String> metadata, String key) {
        String value = metadata.get(key);
        if (value == null) {
            throw new IllegalArgumentException("metadata has no \"" + key + "\" among " + metadata.keySet());
        }
        return value;
    }
}

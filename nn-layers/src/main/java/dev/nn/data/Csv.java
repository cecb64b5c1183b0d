package dev.nn.data;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How to read a CSV file of numbers into a {@link TabularData}: whether it has a header row, which
 * column holds the class labels (or which columns the regression targets), and the field separator.
 * Every other column is a feature. Immutable: each setting returns a new {@code Csv}.
 *
 * <pre>{@code
 * TabularData iris = Csv.withHeader().classColumn("species").read(Path.of("iris.csv"));
 * TabularData houses = Csv.withoutHeader().separator(';').targetColumns(13).read(file);
 * }</pre>
 *
 * <p>Every feature and regression target must be a finite number ({@link Float#parseFloat}, so
 * {@code 1e-3} and surrounding spaces are accepted); a class label may be any non-empty text, less
 * its surrounding spaces (as are the header's names), see {@link ClassLabels} for the order of the
 * classes. Fields may be quoted, and empty lines are skipped.
 * A bad file fails with an {@link IllegalArgumentException} naming the file, the line (counting
 * from 1, as an editor does), the column and the value.
 */
public final class Csv {
    private final boolean header;
    private final char separator;
    private final boolean classification;
    private final List<String> targetNames;
    private final int[] targetIndices;
    private final ClassLabels knownClasses; // null: the classes are the labels found, sorted

    private Csv(boolean header, char separator, boolean classification, List<String> targetNames,
            int[] targetIndices, ClassLabels knownClasses) {
        this.header = header;
        this.separator = separator;
        this.classification = classification;
        this.targetNames = targetNames;
        this.targetIndices = targetIndices;
        this.knownClasses = knownClasses;
    }

    /**
     * A file whose first line names the columns.
     *
     * @return settings with no target column chosen yet
     */
    public static Csv withHeader() {
        return new Csv(true, ',', false, List.of(), new int[0], null);
    }

    /**
     * A file with no header: every line is a sample, and columns are chosen by index.
     *
     * @return settings with no target column chosen yet
     */
    public static Csv withoutHeader() {
        return new Csv(false, ',', false, List.of(), new int[0], null);
    }

    /**
     * The character between fields, {@code ','} unless set.
     *
     * @param separator e.g. {@code ';'} or {@code '\t'}
     * @return new settings
     */
    public Csv separator(char separator) {
        return new Csv(header, separator, classification, targetNames, targetIndices, knownClasses);
    }

    /**
     * The column of class labels, by its name in the header; the targets become one-hot rows.
     *
     * @param name the column's name
     * @return new settings
     * @throws IllegalStateException if the file has no header
     */
    public Csv classColumn(String name) {
        return byName(true, List.of(name));
    }

    /**
     * The column of class labels, by index; the targets become one-hot rows.
     *
     * @param index the column, 0 for the first
     * @return new settings
     */
    public Csv classColumn(int index) {
        return new Csv(header, separator, true, List.of(), new int[] {index}, knownClasses);
    }

    /**
     * The columns of regression targets, by their names in the header; the targets are
     * [N, names.length] in this order.
     *
     * @param names the columns' names, at least one
     * @return new settings
     * @throws IllegalStateException if the file has no header
     */
    public Csv targetColumns(String... names) {
        return byName(false, List.of(names));
    }

    /**
     * The columns of regression targets, by index; the targets are [N, indices.length] in this order.
     *
     * @param indices the columns, 0 for the first, at least one
     * @return new settings
     */
    public Csv targetColumns(int... indices) {
        return new Csv(header, separator, false, List.of(), indices.clone(), knownClasses);
    }

    private Csv byName(boolean classes, List<String> names) {
        if (!header) {
            throw new IllegalStateException("a file without a header has no column names: choose columns by index");
        }
        return new Csv(header, separator, classes, names, new int[0], knownClasses);
    }

    /**
     * Maps the class labels to given classes, such as a loaded model's {@code net.classes()}, rather
     * than to the labels the file holds, sorted: a file with only some of the classes, in any order,
     * then gets the model's class indices and one-hot width.
     *
     * @param classes the classes every label must be one of
     * @return new settings
     */
    public Csv classes(ClassLabels classes) {
        return new Csv(header, separator, classification, targetNames, targetIndices, classes);
    }

    /**
     * Reads the file.
     *
     * @param file the CSV file, UTF-8 (a byte-order mark is skipped)
     * @return its samples, column names and classes
     * @throws IOException if the file cannot be read
     * @throws IllegalStateException if no target column was chosen
     * @throws IllegalArgumentException if the file is empty, is not well-formed CSV, has rows of
     *     different lengths, names a column twice or lacks a chosen column, a feature or target is
     *     missing or not a finite number, or a label is not one of the {@link #classes(ClassLabels)}
     *     given; the message names the file, line, column and value
     */
    public TabularData read(Path file) throws IOException {
        if (targetNames.isEmpty() && targetIndices.length == 0) {
            throw new IllegalStateException("choose the class column or the target columns before reading " + file);
        }
        CsvReader<CsvRecord> reader = CsvReader.builder().fieldSeparator(separator).detectBomHeader(true)
                // CsvTable reports ragged rows itself, naming the file and column names.
                .allowExtraFields(true).allowMissingFields(true).ofCsvRecord(file);
        try (reader) {
            CsvTable table = null;
            for (CsvRecord record : reader) {
                if (table == null) {
                    table = new CsvTable(file, columnNames(file, record), header, classification,
                            targetNames.isEmpty() ? targetIndices : null, targetNames, knownClasses);
                    if (header) {
                        continue;
                    }
                }
                table.add(record);
            }
            if (table == null) {
                throw new IllegalArgumentException(file + " is empty");
            }
            return table.toData();
        } catch (CsvParseException e) {
            throw new IllegalArgumentException(file + " is not well-formed CSV: " + e.getMessage(), e);
        }
    }

    private List<String> columnNames(Path file, CsvRecord first) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < first.getFieldCount(); c++) {
            String name = header ? first.getField(c).strip() : "column " + (c + 1);
            if (names.contains(name)) {
                throw new IllegalArgumentException(file + " line " + first.getStartingLineNumber() + ": the header names \""
                        + name + "\" twice, columns " + (names.indexOf(name) + 1) + " and " + (c + 1));
            }
            names.add(name);
        }
        return names;
    }

    @Override
    public String toString() {
        return "Csv[" + (header ? "header" : "no header") + ", separator '" + separator + "', "
                + (classification ? "classes in " : "targets in ")
                + (targetNames.isEmpty() ? Arrays.toString(targetIndices) : targetNames)
                + (knownClasses == null ? "" : ", " + knownClasses) + "]";
    }
}

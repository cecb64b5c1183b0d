package dev.nn.data;

import de.siegmar.fastcsv.reader.CsvRecord;
import dev.nn.core.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/** The rows of one CSV file as they are read, checked and parsed one at a time; for {@link Csv}. */
final class CsvTable {
    private final Path file;
    private final List<String> columns;
    /** Whether the columns' names come from a header, rather than being their numbers. */
    private final boolean named;
    private final boolean classification;
    private final int[] targetColumns;
    private final int[] featureColumns;
    private float[] features = new float[1024];
    private float[] targets = new float[1024];
    /** The raw class label of each row, mapped to classes once all labels are known. */
    private final List<String> labels = new ArrayList<>();
    /** The classes labels must be one of, or null to make them from the labels found. */
    private final ClassLabels knownClasses;
    private int rows;

    /**
     * @param named whether the column names come from a header
     * @param targetIndices the target columns by index, or null to find {@code targetNames}
     * @param knownClasses the classes every label must be one of, or null for those found
     */
    CsvTable(Path file, List<String> columns, boolean named, boolean classification, int[] targetIndices,
            List<String> targetNames, ClassLabels knownClasses) {
        this.file = file;
        this.columns = columns;
        this.named = named;
        this.classification = classification;
        this.knownClasses = knownClasses;
        this.targetColumns = targetIndices != null ? checkIndices(targetIndices) : findNames(targetNames);
        this.featureColumns = featureColumns();
    }

    private int[] checkIndices(int[] indices) {
        for (int i : indices) {
            if (i < 0 || i >= columns.size()) {
                throw new IllegalArgumentException(file + ": column index " + i + " is outside its " + columns.size()
                        + " columns (indices 0 to " + (columns.size() - 1) + ")");
            }
        }
        return indices;
    }

    private int[] findNames(List<String> names) {
        int[] indices = new int[names.size()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = columns.indexOf(names.get(i));
            if (indices[i] < 0) {
                throw new IllegalArgumentException(file + " has no column \"" + names.get(i) + "\"; its columns are "
                        + columns);
            }
        }
        return indices;
    }

    private int[] featureColumns() {
        HashSet<Integer> chosen = new HashSet<>();
        for (int c : targetColumns) {
            if (!chosen.add(c)) {
                throw new IllegalArgumentException(file + ": column " + name(c) + " is chosen as a target twice");
            }
        }
        int[] rest = new int[columns.size()];
        int n = 0;
        for (int c = 0; c < columns.size(); c++) {
            if (!chosen.contains(c)) {
                rest[n++] = c;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException(file + ": every column is a target, none is left as a feature");
        }
        return Arrays.copyOf(rest, n);
    }

    void add(CsvRecord record) {
        long line = record.getStartingLineNumber();
        if (record.getFieldCount() != columns.size()) {
            throw new IllegalArgumentException(file + " line " + line + " has " + record.getFieldCount()
                    + " fields, but the file has " + columns.size() + " columns");
        }
        features = room(features, featureColumns.length);
        for (int f = 0; f < featureColumns.length; f++) {
            features[rows * featureColumns.length + f] = number(record, featureColumns[f]);
        }
        if (classification) {
            String label = present(record, targetColumns[0]).strip();
            if (knownClasses != null && !knownClasses.names().contains(label)) {
                throw new IllegalArgumentException(at(record, targetColumns[0]) + ": \"" + label
                        + "\" is not one of the classes " + knownClasses.names());
            }
            labels.add(label);
        } else {
            targets = room(targets, targetColumns.length);
            for (int t = 0; t < targetColumns.length; t++) {
                targets[rows * targetColumns.length + t] = number(record, targetColumns[t]);
            }
        }
        rows++;
    }

    private float[] room(float[] a, int perRow) {
        int need = (rows + 1) * perRow;
        return need <= a.length ? a : Arrays.copyOf(a, Math.max(need, a.length * 2));
    }

    private String present(CsvRecord record, int column) {
        String field = record.getField(column);
        if (field.isBlank()) {
            throw new IllegalArgumentException(at(record, column) + ": the value is missing");
        }
        return field;
    }

    private float number(CsvRecord record, int column) {
        String field = present(record, column);
        float v;
        try {
            v = Float.parseFloat(field);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(at(record, column) + ": \"" + field + "\" is not a number");
        }
        if (!Float.isFinite(v)) {
            throw new IllegalArgumentException(at(record, column) + ": \"" + field
                    + "\" is not a finite float; nn trains on finite values only");
        }
        return v;
    }

    private String at(CsvRecord record, int column) {
        return file + " line " + record.getStartingLineNumber() + ", column " + name(column);
    }

    private String name(int column) {
        return named ? (column + 1) + " \"" + columns.get(column) + "\"" : Integer.toString(column + 1);
    }

    TabularData toData() {
        if (rows == 0) {
            throw new IllegalArgumentException(file + " has a header but no rows");
        }
        Tensor inputs = Tensor.wrap(Arrays.copyOf(features, rows * featureColumns.length), rows, featureColumns.length);
        List<String> featureNames = Arrays.stream(featureColumns).mapToObj(columns::get).toList();
        List<String> targetNames = Arrays.stream(targetColumns).mapToObj(columns::get).toList();
        if (!classification) {
            Tensor t = Tensor.wrap(Arrays.copyOf(targets, rows * targetColumns.length), rows, targetColumns.length);
            return new TabularData(new DataSet(inputs, t), featureNames, targetNames, null);
        }
        ClassLabels classes = knownClasses != null ? knownClasses : ClassLabels.sorted(new HashSet<>(labels));
        float[] indices = new float[rows];
        for (int i = 0; i < rows; i++) {
            indices[i] = classes.index(labels.get(i));
        }
        Tensor oneHot = OneHot.encode(Tensor.wrap(indices, rows), classes.count());
        return new TabularData(new DataSet(inputs, oneHot), featureNames, targetNames, classes);
    }
}

package dev.nn.data;

import java.util.List;

/**
 * A table read from a CSV file: its samples, the names of its columns, and for a classification
 * the names of its classes (which a model must keep to name its predictions).
 *
 * <p>Immutable (as its data sets are), so safe to share between threads.
 *
 * @param data the samples: inputs [N, features]; targets [N, classes] one-hot for a
 *     classification, [N, target columns] for a regression
 * @param featureNames the input columns' names in order, from the header or {@code "column 3"}
 *     (counting from 1) without one
 * @param targetNames the target columns' names in order
 * @param classes the classes of a classification, or null for a regression
 */
public record TabularData(DataSet data, List<String> featureNames, List<String> targetNames,
        ClassLabels classes) {
    /**
     * Checks that the names match the data and keeps unmodifiable copies of them.
     *
     * @param data the samples
     * @param featureNames one name per input column
     * @param targetNames the target columns' names
     * @param classes the classes, or null for a regression
     * @throws IllegalArgumentException if a name list does not match the data's shape
     */
    public TabularData {
        featureNames = List.copyOf(featureNames);
        targetNames = List.copyOf(targetNames);
        int features = data.inputs().size() / data.size();
        int targets = data.targets().size() / data.size();
        if (featureNames.size() != features) {
            throw new IllegalArgumentException(featureNames.size() + " feature names for " + features + " features");
        }
        if (classes != null ? targets != classes.count() || targetNames.size() != 1 : targets != targetNames.size()) {
            throw new IllegalArgumentException("targets of " + targets + " values per sample do not match "
                    + targetNames + (classes == null ? "" : " holding " + classes));
        }
    }

    /**
     * Whether the targets are classes rather than numbers.
     *
     * @return true if {@link #classes} is not null
     */
    public boolean isClassification() {
        return classes != null;
    }
}

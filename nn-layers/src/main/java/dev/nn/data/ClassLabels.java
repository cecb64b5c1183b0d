package dev.nn.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The names of a classifier's classes: class {@code i} is {@code name(i)}. Made from the labels a
 * CSV column holds, kept with the model so that its predictions can be named again after loading.
 *
 * <p>The classes are in sorted order, so that the same labels give the same classes whatever the
 * order of the rows: numerically if every label is a number (so labels 0 to 9 are classes 0 to 9,
 * and "10" comes after "9"), otherwise by {@link String#compareTo}. Immutable.
 */
public final class ClassLabels {
    /** Named like the model file's own metadata keys, {@code "nn.format"} and the like. */
    private static final String KEY = "nn.classes";
    private final List<String> names;
    private final Map<String, Integer> indices = new HashMap<>();

    private ClassLabels(List<String> names) {
        this.names = List.copyOf(names);
        for (int i = 0; i < this.names.size(); i++) {
            if (indices.put(this.names.get(i), i) != null) {
                throw new IllegalArgumentException("class \"" + this.names.get(i) + "\" is named twice in "
                        + this.names);
            }
        }
    }

    /**
     * The classes of a set of labels, in sorted order (see the class comment).
     *
     * @param labels the distinct labels, at least one
     * @return the classes
     * @throws IllegalArgumentException if there are no labels
     */
    public static ClassLabels sorted(Set<String> labels) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("no class labels");
        }
        List<String> names = new ArrayList<>(labels);
        boolean numeric = names.stream().allMatch(ClassLabels::isNumber);
        // Equal numbers written differently, such as "1" and "1.0", are then ordered as text.
        names.sort(numeric ? Comparator.comparingDouble(Double::parseDouble).thenComparing(Comparator.naturalOrder())
                : Comparator.naturalOrder());
        return new ClassLabels(names);
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The number of classes.
     *
     * @return at least 1
     */
    public int count() {
        return names.size();
    }

    /**
     * The name of a class.
     *
     * @param index the class, from 0 to {@code count() - 1}
     * @return its label
     * @throws IllegalArgumentException if there is no such class
     */
    public String name(int index) {
        if (index < 0 || index >= names.size()) {
            throw new IllegalArgumentException("class " + index + " does not exist; there are " + names.size());
        }
        return names.get(index);
    }

    /**
     * The class of a label.
     *
     * @param label a label
     * @return its class, from 0 to {@code count() - 1}
     * @throws IllegalArgumentException if the label is not one of the classes (the message lists them)
     */
    public int index(String label) {
        Integer i = indices.get(label);
        if (i == null) {
            throw new IllegalArgumentException("\"" + label + "\" is not a class; the classes are " + names);
        }
        return i;
    }

    /**
     * All class names, class 0 first.
     *
     * @return an unmodifiable list
     */
    public List<String> names() {
        return names;
    }

    /**
     * The classes as model-file metadata: the key {@code "nn.classes"} holding the names as one CSV
     * record, so a name may hold commas or quotes.
     *
     * @return a new map, for {@link #fromMetadata}
     */
    public Map<String, String> toMetadata() {
        return new HashMap<>(Map.of(KEY, MetadataText.names(names)));
    }

    /**
     * The classes stored by {@link #toMetadata}; other keys are ignored.
     *
     * @param metadata the metadata
     * @return the classes, in their stored order, or empty if the metadata holds none (has no
     *     {@code "nn.classes"} key)
     * @throws IllegalArgumentException if the stored list names a class twice
     */
    public static Optional<ClassLabels> fromMetadata(Map<String, String> metadata) {
        String names = metadata.get(KEY);
        return names == null ? Optional.empty() : Optional.of(new ClassLabels(MetadataText.names(names)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassLabels c && c.names.equals(names);
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }

    @Override
    public String toString() {
        return "ClassLabels" + names;
    }
}

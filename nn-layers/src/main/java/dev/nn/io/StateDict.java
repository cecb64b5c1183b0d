package dev.nn.io;

import dev.nn.io.safetensors.DType;
import dev.nn.io.safetensors.SafeTensorsReader;
import dev.nn.io.safetensors.TensorData;
import dev.nn.io.safetensors.TensorEntry;
import dev.nn.core.Tensor;
import dev.nn.layers.BatchNorm;
import dev.nn.layers.Conv2D;
import dev.nn.layers.Dense;
import dev.nn.layers.GlobalAvgPool2D;
import dev.nn.layers.Layer;
import dev.nn.layers.Parameter;
import dev.nn.layers.RunningStatistics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A network's parameters as a PyTorch {@code nn.Sequential}'s state dict names and lays them out,
 * so that {@code model.load_state_dict(load_file(path))} takes them with {@code strict=True}:
 * modules are numbered as if every fused activation or pooling ({@code withRelu},
 * {@code withMaxPool}) were a module of its own, and a {@link GlobalAvgPool2D} two
 * ({@code nn.AdaptiveAvgPool2d(1), nn.Flatten()}); module i's weights are {@code "i.weight"} and its
 * bias {@code "i.bias"}; a {@link Dense} layer's weights, [inputs, outputs] in memory, are
 * [outputs, inputs] in the file, as {@code nn.Linear} keeps them; a {@link Conv2D}'s are
 * [out, in, kh, kw] in both; a {@link BatchNorm}'s γ and β are {@code "i.weight"} and
 * {@code "i.bias"}, its running statistics {@code "i.running_mean"}, {@code "i.running_var"} and
 * {@code "i.num_batches_tracked"} (an I64 scalar), as PyTorch's BatchNorm1d/2d. A layer that is not one of nn's names its parameters
 * {@code "i." + parameter.name()}, in memory layout.
 */
final class StateDict {
    /**
     * One parameter's tensor in the file.
     *
     * @param name its name in the state dict
     * @param value the values in memory: a parameter's, or a buffer's such as a running mean
     * @param fileShape its shape in the file
     * @param transposed whether the file holds the transpose of the [rows, columns] memory layout
     * @param trainable whether it is a parameter, which an optimizer updates and keeps state for
     */
    record Entry(String name, Tensor value, int[] fileShape, boolean transposed, boolean trainable) {
        /** A parameter's entry. */
        Entry(String name, Parameter parameter, int[] fileShape, boolean transposed) {
            this(name, parameter.value(), fileShape, transposed, true);
        }

        /** Writes {@code values}, in the parameter's memory layout, in the file's layout. */
        TensorData data(float[] values) {
            if (!transposed) {
                return out -> out.put(values, 0, value.size());
            }
            int rows = value.dim(0), columns = value.dim(1);
            return out -> {
                for (int c = 0; c < columns; c++) {
                    for (int r = 0; r < rows; r++) {
                        out.put(values[r * columns + c]);
                    }
                }
            };
        }

        /** Turns values read in the file's layout into the parameter's memory layout. */
        float[] toMemoryLayout(float[] fileValues) {
            if (!transposed) {
                return fileValues;
            }
            int rows = value.dim(0), columns = value.dim(1);
            float[] values = new float[fileValues.length];
            for (int c = 0; c < columns; c++) {
                for (int r = 0; r < rows; r++) {
                    values[r * columns + c] = fileValues[c * rows + r];
                }
            }
            return values;
        }
    }

    private StateDict() {
    }

    /** The entries of every layer's parameters and buffers, in layer order. */
    static List<Entry> of(List<Layer> layers) {
        return collect(layers, new ArrayList<>());
    }

    /** The entries of every layer, in layer order; BatchNorm layers' counts go to {@code counts}. */
    private static List<Entry> collect(List<Layer> layers, List<Count> counts) {
        List<Entry> entries = new ArrayList<>();
        int module = 0;
        for (Layer layer : layers) {
            String prefix = module + ".";
            switch (layer) {
                case Dense d -> {
                    entries.add(new Entry(prefix + "weight", d.weights(), new int[] {d.outputs(), d.inputs()}, true));
                    entries.add(new Entry(prefix + "bias", d.bias(), d.bias().value().shape(), false));
                    module += d.hasRelu() ? 2 : 1;
                }
                case Conv2D c -> {
                    entries.add(new Entry(prefix + "weight", c.weights(), c.weights().value().shape(), false));
                    entries.add(new Entry(prefix + "bias", c.bias(), c.bias().value().shape(), false));
                    module += 1 + (c.hasRelu() ? 1 : 0) + (c.maxPool() != 0 ? 1 : 0);
                }
                case BatchNorm b -> {
                    entries.add(new Entry(prefix + "weight", b.weight(), b.weight().value().shape(), false));
                    entries.add(new Entry(prefix + "bias", b.bias(), b.bias().value().shape(), false));
                    RunningStatistics r = b.runningStatistics();
                    entries.add(new Entry(prefix + "running_mean", r.mean(), r.mean().shape(), false, false));
                    entries.add(new Entry(prefix + "running_var", r.variance(), r.variance().shape(), false, false));
                    counts.add(new Count(prefix + "num_batches_tracked", r));
                    module++;
                }
                case GlobalAvgPool2D _ -> module += 2; // nn.AdaptiveAvgPool2d(1), nn.Flatten()
                default -> {
                    for (Parameter p : layer.parameters()) {
                        entries.add(new Entry(prefix + p.name(), p, p.value().shape(), false));
                    }
                    module++;
                }
            }
        }
        return entries;
    }

    /**
     * Reads every entry's values from a file, in memory layout, after checking — as PyTorch's
     * strict {@code load_state_dict} does — that the file holds exactly these tensors, each of the
     * expected shape; nothing is changed here, the caller copies the values in.
     *
     * @param reader the open file
     * @param entries what the network expects
     * @param alsoAllowed names of further tensors the file may hold, which are not read here
     * @param file the file's name, for messages
     * @return each entry's values, in entry order
     * @throws IOException listing the missing, unexpected and wrongly shaped or typed tensors by name
     */
    static List<float[]> read(SafeTensorsReader reader, List<Entry> entries, Predicate<String> alsoAllowed, String file)
            throws IOException {
        Set<String> expected = new HashSet<>();
        List<String> missing = new ArrayList<>(), wrong = new ArrayList<>();
        for (Entry e : entries) {
            expected.add(e.name());
            TensorEntry t = reader.entry(e.name());
            if (t == null) {
                missing.add(e.name());
            } else if (!sameShape(t.shape(), e.fileShape())) {
                wrong.add(e.name() + " is " + Arrays.toString(t.shape()) + " in the file but the network needs "
                        + Arrays.toString(e.fileShape()));
            } else if (t.dtype() == DType.I64) {
                wrong.add(e.name() + " holds integers (I64) but the network needs floating-point values");
            }
        }
        Set<String> unexpected = new LinkedHashSet<>();
        for (TensorEntry t : reader.entries()) {
            if (!expected.contains(t.name()) && !alsoAllowed.test(t.name())) {
                unexpected.add(t.name());
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !wrong.isEmpty()) {
            StringBuilder m = new StringBuilder(file + " does not fit the network");
            if (!missing.isEmpty()) {
                m.append("; missing tensors: ").append(missing);
            }
            if (!unexpected.isEmpty()) {
                m.append("; unexpected tensors: ").append(unexpected);
            }
            if (!wrong.isEmpty()) {
                m.append("; wrong tensors: ").append(wrong);
            }
            throw new IOException(m.toString());
        }
        List<float[]> values = new ArrayList<>();
        for (Entry e : entries) {
            values.add(e.toMemoryLayout(reader.readFloats(e.name())));
        }
        return values;
    }

    /** Copies values read by {@link #read} into the entries' tensors. */
    static void copyIn(List<Entry> entries, List<float[]> values) {
        for (int i = 0; i < entries.size(); i++) {
            Tensor t = entries.get(i).value();
            System.arraycopy(values.get(i), 0, t.data(), 0, t.size());
        }
    }

    /** The entries of parameters, in order: those an optimizer keeps state for. */
    static List<Entry> trainable(List<Entry> entries) {
        return entries.stream().filter(Entry::trainable).toList();
    }

    /**
     * A {@link BatchNorm} layer's count of training batches, PyTorch's {@code num_batches_tracked}:
     * an I64 scalar in the file.
     *
     * @param name its name in the state dict
     * @param statistics the statistics that hold it
     */
    record Count(String name, RunningStatistics statistics) {
    }

    /** The counts of every BatchNorm layer, in layer order, numbered as {@link #of} numbers the modules. */
    static List<Count> counts(List<Layer> layers) {
        List<Count> counts = new ArrayList<>();
        collect(layers, counts);
        return counts;
    }

    /**
     * Reads the counts from a file, checking that each is there as an I64 scalar.
     *
     * @throws IOException naming the missing or wrongly typed or shaped counts
     */
    static long[] readCounts(SafeTensorsReader reader, List<Count> counts, String file) throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Count c : counts) {
            TensorEntry t = reader.entry(c.name());
            if (t == null || t.dtype() != DType.I64 || t.shape().length != 0) {
                wrong.add(c.name() + (t == null ? " is missing" : " is " + t.dtype() + " " + Arrays.toString(t.shape())
                        + " but must be an I64 scalar"));
            }
        }
        if (!wrong.isEmpty()) {
            throw new IOException(file + " does not fit the network: " + wrong);
        }
        long[] values = new long[counts.size()];
        for (int i = 0; i < values.length; i++) {
            long v = reader.readLongs(counts.get(i).name())[0];
            if (v < 0) {
                throw new IOException(file + ": " + counts.get(i).name() + " is negative: " + v);
            }
            values[i] = v;
        }
        return values;
    }

    /** Copies counts read by {@link #readCounts} in. */
    static void copyCounts(List<Count> counts, long[] values) {
        for (int i = 0; i < values.length; i++) {
            counts.get(i).statistics().setBatches(values[i]);
        }
    }

    /** Whether a shape read from a file is the expected one. */
    static boolean sameShape(long[] file, int[] expected) {
        if (file.length != expected.length) {
            return false;
        }
        for (int i = 0; i < file.length; i++) {
            if (file[i] != expected[i]) {
                return false;
            }
        }
        return true;
    }
}

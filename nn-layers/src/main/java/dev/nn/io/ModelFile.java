package dev.nn.io;

import dev.nn.io.safetensors.SafeTensorsReader;
import dev.nn.io.safetensors.SafeTensorsWriter;
import dev.nn.io.safetensors.TensorEntry;
import dev.nn.layers.Dropout;
import dev.nn.layers.Layer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads and writes model files: safetensors files whose tensors are a network's parameters under
 * PyTorch's state-dict names ({@link StateDict}), whose metadata holds the format's version
 * ({@code "nn.format"}), the {@link Architecture} as JSON ({@code "nn.architecture"}) and, in a
 * checkpoint, the {@link TrainingState} ({@code "nn.training"}, with the optimizer's state in
 * tensors of its own), and whatever else the network keeps with its model, such as its classes'
 * names and its input scaler. Saves are atomic: the previous file stays whole until the new one is.
 */
public final class ModelFile {
    /** The major version of the format this code writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    private static final String FORMAT = "nn.format";
    private static final String ARCHITECTURE = "nn.architecture";
    private static final String TRAINING = "nn.training";
    private static final String OPTIMIZER_PREFIX = "optimizer.";

    /**
     * A model file read whole, its weights checked and in memory.
     *
     * @param architecture the network to rebuild, its layers new
     * @param training the training state of a checkpoint, or null for a model file
     * @param weights each parameter's and buffer's values, in {@link StateDict} order of the architecture's layers
     * @param counts each BatchNorm layer's count of training batches, in layer order
     * @param metadata the file's whole metadata, for what the network keeps with its model
     */
    public record Contents(Architecture architecture, TrainingState training, List<float[]> weights, long[] counts,
            Map<String, String> metadata) {
        /** Copies the weights and counts into the architecture's layers (after a network initialized them). */
        public void copyWeightsIn() {
            StateDict.copyIn(StateDict.of(architecture.layers()), weights);
            StateDict.copyCounts(StateDict.counts(architecture.layers()), counts);
        }
    }

    private ModelFile() {
    }

    /**
     * Writes a model file, or a checkpoint when {@code training} is given, atomically.
     *
     * @param file the file to write; replaced if it exists
     * @param architecture the network's architecture, whose layers' parameters are the weights
     * @param training the training state, or null for a model file
     * @param extra more metadata to keep with the model, under keys of its own (e.g. {@code "nn.classes"})
     * @throws IOException if the file cannot be written; the previous file is then unchanged
     * @throws IllegalArgumentException naming a layer a model file cannot describe, or if extra
     *     uses a key of the format's own
     */
    public static void write(Path file, Architecture architecture, TrainingState training, Map<String, String> extra)
            throws IOException {
        SafeTensorsWriter writer = new SafeTensorsWriter();
        extra.forEach((key, value) -> {
            if (List.of(FORMAT, ARCHITECTURE, TRAINING, "format").contains(key)) {
                throw new IllegalArgumentException("metadata key " + key + " belongs to the model-file format");
            }
            writer.metadata(key, value);
        });
        writer.metadata("format", "pt") // what safetensors.torch writes; Hugging Face's tools look for it
                .metadata(FORMAT, Integer.toString(FORMAT_VERSION))
                .metadata(ARCHITECTURE, architecture.toJson());
        List<StateDict.Entry> entries = StateDict.of(architecture.layers());
        for (StateDict.Entry e : entries) {
            writer.addF32(e.name(), e.fileShape(), e.data(e.value().data()));
        }
        for (StateDict.Count c : StateDict.counts(architecture.layers())) {
            writer.addI64(c.name(), new int[0], new long[] {c.statistics().batches()});
        }
        if (training != null) {
            writer.metadata(TRAINING, training.toJson());
            if (training.optimizer() != null) {
                List<String> states = training.optimizer().stateNames();
                List<StateDict.Entry> trainable = StateDict.trainable(entries);
                for (int i = 0; i < trainable.size(); i++) {
                    StateDict.Entry e = trainable.get(i);
                    for (int s = 0; s < states.size(); s++) {
                        writer.addF32(TrainingState.tensorName(e.name(), states.get(s)), e.fileShape(),
                                e.data(training.optimizerState().get(i)[s]));
                    }
                }
            }
        }
        writer.write(file);
    }

    /**
     * Reads a model file or checkpoint whole, checking everything before returning.
     *
     * @param file the file
     * @return the architecture, training state and weights
     * @throws IOException naming the file and what is wrong: not a safetensors file, a file with
     *     weights only (no architecture), a newer format, an invalid architecture, tensors that
     *     do not fit it
     */
    public static Contents read(Path file) throws IOException {
        String name = file.toString();
        try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
            Map<String, String> metadata = reader.metadata();
            String architectureJson = metadata.get(ARCHITECTURE);
            if (architectureJson == null) {
                throw new IOException(name + " holds weights only (its metadata has no " + ARCHITECTURE + "): "
                        + "build the network in code and call loadWeights");
            }
            checkVersion(metadata, name);
            Architecture architecture = Architecture.fromJson(architectureJson, name);
            String trainingJson = metadata.get(TRAINING);
            TrainingState training = trainingJson == null ? null : TrainingState.fromJson(trainingJson, name);
            List<StateDict.Entry> entries = StateDict.of(architecture.layers());
            List<StateDict.Count> counts = StateDict.counts(architecture.layers());
            boolean optimizerState = training != null && training.optimizer() != null;
            List<float[]> weights = StateDict.read(reader, entries,
                    allowed(counts, t -> optimizerState && t.startsWith(OPTIMIZER_PREFIX)), name);
            long[] countValues = StateDict.readCounts(reader, counts, name);
            if (optimizerState) {
                training = training.withOptimizerState(readOptimizerState(reader, StateDict.trainable(entries), training, name));
            }
            checkLayerGenerators(training, architecture.layers(), name);
            return new Contents(architecture, training, weights, countValues, metadata);
        }
    }

    /**
     * Reads the weights of the given layers from a file, as PyTorch's strict {@code load_state_dict}
     * does, without changing them: the caller copies them in with {@link StateDict#copyIn}.
     *
     * @param file a model file, checkpoint, or any safetensors file of a state dict (e.g. from PyTorch)
     * @param layers the layers whose parameters the file must hold
     * @return a function that copies the values in
     * @throws IOException naming the file and what is wrong, or listing the missing, unexpected
     *     and wrongly shaped tensors by name
     */
    public static Runnable readWeights(Path file, List<Layer> layers) throws IOException {
        String name = file.toString();
        try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
            Map<String, String> metadata = reader.metadata();
            if (metadata.containsKey(FORMAT)) {
                checkVersion(metadata, name);
            }
            boolean checkpoint = metadata.containsKey(TRAINING);
            List<StateDict.Entry> entries = StateDict.of(layers);
            List<StateDict.Count> counts = StateDict.counts(layers);
            List<float[]> values = StateDict.read(reader, entries,
                    allowed(counts, t -> checkpoint && t.startsWith(OPTIMIZER_PREFIX)), name);
            long[] countValues = StateDict.readCounts(reader, counts, name);
            return () -> {
                StateDict.copyIn(entries, values);
                StateDict.copyCounts(counts, countValues);
            };
        }
    }

    /** The tensors a file may hold besides the entries: the counts, read on their own, and {@code others}. */
    private static Predicate<String> allowed(List<StateDict.Count> counts,
                                                                Predicate<String> others) {
        return t -> others.test(t) || counts.stream().anyMatch(c -> c.name().equals(t));
    }

    private static void checkVersion(Map<String, String> metadata, String file) throws IOException {
        String version = metadata.get(FORMAT);
        if (version == null) {
            throw new IOException(file + ": its metadata has an architecture but no " + FORMAT + " version");
        }
        int major;
        try {
            major = Integer.parseInt(version.contains(".") ? version.substring(0, version.indexOf('.')) : version);
        } catch (NumberFormatException e) {
            throw new IOException(file + ": unknown " + FORMAT + " version \"" + version + "\"");
        }
        if (major > FORMAT_VERSION) {
            throw new IOException(file + " is in model-file format " + version + ", newer than this nn reads (format "
                    + FORMAT_VERSION + "): read it with a newer version of nn");
        }
        if (major < 1) {
            throw new IOException(file + ": unknown " + FORMAT + " version \"" + version + "\"");
        }
    }

    private static List<float[][]> readOptimizerState(SafeTensorsReader reader, List<StateDict.Entry> entries,
            TrainingState training, String file) throws IOException {
        List<String> states = training.optimizer().stateNames();
        List<float[][]> result = new ArrayList<>();
        for (StateDict.Entry e : entries) {
            float[][] arrays = new float[states.size()][];
            for (int s = 0; s < states.size(); s++) {
                String tensor = TrainingState.tensorName(e.name(), states.get(s));
                TensorEntry t = reader.entry(tensor);
                if (t == null || !StateDict.sameShape(t.shape(), e.fileShape())) {
                    throw new IOException(file + ": the checkpoint's optimizer (" + training.optimizer().name() + ") needs a tensor "
                            + tensor + " of shape " + Arrays.toString(e.fileShape())
                            + (t == null ? " but has none" : " but it is " + Arrays.toString(t.shape())));
                }
                arrays[s] = e.toMemoryLayout(reader.readFloats(tensor));
            }
            result.add(arrays);
        }
        for (TensorEntry t : reader.entries()) {
            if (t.name().startsWith(OPTIMIZER_PREFIX) && entries.stream().noneMatch(e -> states.stream()
                    .anyMatch(s -> TrainingState.tensorName(e.name(), s).equals(t.name())))) {
                throw new IOException(file + ": unexpected tensor " + t.name() + " for the optimizer " + training.optimizer().name());
            }
        }
        return result;
    }

    private static void checkLayerGenerators(TrainingState training, List<Layer> layers, String file) throws IOException {
        if (training == null) {
            return;
        }
        for (int index : training.layerGenerators().keySet()) {
            if (index < 0 || index >= layers.size() || !(layers.get(index) instanceof Dropout)) {
                throw new IOException(file + ": the training state has a random generator for layer " + index
                        + ", which is not a Dropout layer");
            }
        }
    }
}

package dev.nn.io;

import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;
import dev.nn.io.safetensors.StrictJson;
import dev.nn.optim.GradientClipping;
import dev.nn.optim.UpdateRule;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a checkpoint holds besides the model, so that training resumes exactly where it stopped:
 * the epochs trained, the optimizer's rule, gradient clipping, step count and per-parameter state, and the state of
 * every random generator training draws from. The optimizer state goes into tensors named
 * {@code "optimizer." + parameter's name + "." + state name} (e.g. {@code "optimizer.0.weight.exp_avg"}),
 * laid out as the parameter is; the rest is JSON in the metadata (see {@code docs/model-files.md}).
 *
 * @param epochs the epochs trained so far
 * @param optimizer the optimizer's rule, or null when the network has not been trained
 * @param clipping the optimizer's gradient clipping, or null for none
 * @param optimizerState per parameter, in {@link StateDict} order, its state arrays in memory
 *     layout, one per {@link UpdateRule#stateNames() name}; null when optimizer is null
 * @param networkGenerator the state of the network's own generator (layer initialization)
 * @param shuffleGenerator the state of the generator of the training order, or null if none was made yet
 * @param layerGenerators the state of each layer's own generator (a dropout mask's), by layer index
 */
public record TrainingState(int epochs, UpdateRule optimizer, GradientClipping clipping, List<float[][]> optimizerState,
        long[] networkGenerator, long[] shuffleGenerator, Map<Integer, long[]> layerGenerators) {

    private static final String NORM = "clipGradientNorm";
    private static final String VALUE = "clipGradientValue";

    /** The name of the tensor holding a parameter's optimizer state. */
    static String tensorName(String parameter, String state) {
        return "optimizer." + parameter + "." + state;
    }

    /** The metadata's JSON: everything but the optimizer's state arrays. */
    String toJson() {
        StringWriter text = new StringWriter();
        try (JsonWriter out = new JsonWriter(text)) {
            out.setHtmlSafe(false);
            out.beginObject();
            out.name("epochs").value(epochs);
            out.name("optimizer");
            if (optimizer == null) {
                out.nullValue();
            } else {
                out.beginObject();
                out.name("name").value(optimizer.name());
                out.name("hyperParameters").beginObject();
                for (Map.Entry<String, Float> h : optimizer.hyperParameters().entrySet()) {
                    out.name(h.getKey()).value(h.getValue()); // a Float: its shortest decimal form
                }
                out.endObject();
                if (clipping != null) {
                    out.name(clipping.name()).value(clipping.limit());
                }
                out.name("steps").value(optimizer.steps());
                out.endObject();
            }
            out.name("generators").beginObject();
            writeState(out.name("network"), networkGenerator);
            writeState(out.name("shuffle"), shuffleGenerator);
            out.name("layers").beginObject();
            for (Map.Entry<Integer, long[]> g : new TreeMap<>(layerGenerators).entrySet()) {
                writeState(out.name(Integer.toString(g.getKey())), g.getValue());
            }
            out.endObject();
            out.endObject();
            out.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    /** Reads the metadata's JSON; the optimizer's state arrays are left null, for the caller to read. */
    static TrainingState fromJson(String json, String where) throws IOException {
        String at = where + ": training state";
        JsonFields f = new JsonFields(StrictJson.parseObject(json, at), at);
        f.allowOnly("epochs", "optimizer", "generators");
        int epochs = f.integer("epochs");
        if (epochs < 0) {
            throw f.error("epochs must be at least 0 but is " + epochs);
        }
        UpdateRule rule = f.has("optimizer") ? rule(f.object("optimizer"), at + ", optimizer") : null;
        GradientClipping clipping = f.has("optimizer") ? clipping(f.object("optimizer"), at + ", optimizer") : null;
        JsonFields g = new JsonFields(f.object("generators"), at + ", generators").allowOnly("network", "shuffle", "layers");
        long[] network = g.longPair("network");
        long[] shuffle = g.has("shuffle") ? g.longPair("shuffle") : null;
        JsonObject layers = g.object("layers");
        JsonFields l = new JsonFields(layers, at + ", generators, layers");
        Map<Integer, long[]> layerGenerators = new LinkedHashMap<>();
        for (String key : layers.keySet()) {
            int index;
            try {
                index = Integer.parseInt(key);
            } catch (NumberFormatException e) {
                throw l.error("\"" + key + "\" is not a layer index");
            }
            layerGenerators.put(index, l.longPair(key));
        }
        return new TrainingState(epochs, rule, clipping, null, network, shuffle, layerGenerators);
    }

    TrainingState withOptimizerState(List<float[][]> state) {
        return new TrainingState(epochs, optimizer, clipping, state, networkGenerator, shuffleGenerator, layerGenerators);
    }

    private static UpdateRule rule(JsonObject json, String where) throws IOException {
        JsonFields f = new JsonFields(json, where).allowOnly("name", "hyperParameters", "steps", NORM, VALUE);
        JsonObject h = f.object("hyperParameters");
        JsonFields hf = new JsonFields(h, where + ", hyperParameters");
        Map<String, Float> values = new LinkedHashMap<>();
        for (String key : h.keySet()) {
            values.put(key, hf.number(key));
        }
        try {
            UpdateRule rule = UpdateRule.create(f.string("name"), values);
            rule.restoreSteps(f.longValue("steps"));
            return rule;
        } catch (IllegalArgumentException e) {
            throw f.error(e.getMessage());
        }
    }

    /** The optimizer's clipping: at most one of the keys {@code clipGradientNorm}, {@code clipGradientValue}. */
    private static GradientClipping clipping(JsonObject json, String where) throws IOException {
        JsonFields f = new JsonFields(json, where);
        if (f.has(NORM) && f.has(VALUE)) {
            throw f.error("an optimizer clips by " + NORM + " or by " + VALUE + ", not both");
        }
        String name = f.has(NORM) ? NORM : f.has(VALUE) ? VALUE : null;
        if (name == null) {
            return null;
        }
        float limit = f.number(name);
        try {
            return GradientClipping.create(name, limit);
        } catch (IllegalArgumentException e) {
            throw f.error(e.getMessage());
        }
    }

    private static void writeState(JsonWriter out, long[] state) throws IOException {
        if (state == null) {
            out.nullValue();
            return;
        }
        // As strings: a JSON number loses the low bits of a long in many readers.
        out.beginArray().value(Long.toString(state[0])).value(Long.toString(state[1])).endArray();
    }
}

package dev.nn.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;
import dev.nn.io.safetensors.StrictJson;
import dev.nn.layers.Layer;
import dev.nn.losses.LossFunction;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a model file says to rebuild a network: the shape of one input sample (or null when the
 * network never saw one), the layers in order, and the loss (or null). As JSON:
 * {@code {"input": [1, 28, 28], "layers": [{"type": "Conv2D", …}, …], "loss": "softmaxCrossEntropy"}}
 * (see {@code docs/model-files.md}).
 *
 * @param inputShape the shape of one input sample, or null
 * @param layers the layers, in order
 * @param loss the loss, or null
 */
public record Architecture(int[] inputShape, List<Layer> layers, LossFunction loss) {
    /** Copies the list and the shape: the architecture does not change when the network does. */
    public Architecture {
        inputShape = inputShape == null ? null : inputShape.clone();
        layers = List.copyOf(layers);
    }

    @Override
    public int[] inputShape() {
        return inputShape == null ? null : inputShape.clone();
    }

    /**
     * The architecture as JSON.
     *
     * @return the JSON text
     * @throws IllegalArgumentException naming a layer that is not one of nn's, which a model file
     *     cannot describe
     */
    public String toJson() {
        StringWriter text = new StringWriter();
        try (JsonWriter out = new JsonWriter(text)) {
            out.setHtmlSafe(false);
            out.beginObject();
            out.name("input");
            if (inputShape == null) {
                out.nullValue();
            } else {
                out.beginArray();
                for (int d : inputShape) {
                    out.value(d);
                }
                out.endArray();
            }
            out.name("layers").beginArray();
            for (int i = 0; i < layers.size(); i++) {
                try {
                    LayerJson.write(out, layers.get(i));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("layer " + i + ": " + e.getMessage(), e);
                }
            }
            out.endArray();
            out.name("loss");
            if (loss == null) {
                out.nullValue();
            } else {
                out.value(loss.name());
            }
            out.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    /**
     * Reads an architecture written by {@link #toJson}, building new layers (not yet initialized).
     *
     * @param json the JSON text
     * @param where what to name in error messages, e.g. the file's name
     * @return the architecture
     * @throws IOException naming what is wrong: invalid or duplicate-keyed JSON, an unknown layer
     *     type, loss or key, a missing or mistyped value, or a value a layer refuses
     */
    public static Architecture fromJson(String json, String where) throws IOException {
        JsonFields f = new JsonFields(StrictJson.parseObject(json, where + ": architecture"), where + ": architecture");
        f.allowOnly("input", "layers", "loss");
        int[] input = f.has("input") ? f.integers("input") : null;
        JsonArray array = f.array("layers");
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonElement e = array.get(i);
            String at = where + ": architecture, layer " + i;
            if (!e.isJsonObject()) {
                throw new IOException(at + ": must be an object but is " + e);
            }
            layers.add(LayerJson.read(e.getAsJsonObject(), at));
        }
        LossFunction loss = f.has("loss") ? loss(f.string("loss"), f) : null;
        return new Architecture(input, layers, loss);
    }

    private static LossFunction loss(String name, JsonFields f) throws IOException {
        return switch (name) {
            case "mse" -> LossFunction.meanSquaredError();
            case "softmaxCrossEntropy" -> LossFunction.softmaxCrossEntropy();
            case "binaryCrossEntropy" -> LossFunction.binaryCrossEntropy();
            default -> throw f.error("unknown loss \"" + name + "\"; this nn knows mse, softmaxCrossEntropy and binaryCrossEntropy");
        };
    }
}

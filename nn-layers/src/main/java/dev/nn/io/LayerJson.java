package dev.nn.io;

import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;
import dev.nn.layers.Activation;
import dev.nn.layers.AvgPool2D;
import dev.nn.layers.BatchNorm;
import dev.nn.layers.Conv2D;
import dev.nn.layers.Dense;
import dev.nn.layers.Dropout;
import dev.nn.layers.Flatten;
import dev.nn.layers.GlobalAvgPool2D;
import dev.nn.layers.Init;
import dev.nn.layers.Layer;
import dev.nn.layers.MaxPool2D;
import java.io.IOException;

/**
 * One built-in layer as a JSON object of its type and constructor arguments (see
 * {@code docs/model-files.md}): written from a layer, and read back into a new layer equal to it
 * but for its weights and buffers.
 */
final class LayerJson {
    private LayerJson() {
    }

    /**
     * Writes {@code layer} as an object.
     *
     * @throws IllegalArgumentException if the layer is not one of nn's, which model files cannot describe
     */
    static void write(JsonWriter out, Layer layer) throws IOException {
        out.beginObject();
        switch (layer) {
            case Dense d -> {
                out.name("type").value("Dense");
                out.name("inputs").value(d.inputs());
                out.name("outputs").value(d.outputs());
                out.name("relu").value(d.hasRelu());
                out.name("init").value(d.init().name());
            }
            case Conv2D c -> {
                out.name("type").value("Conv2D");
                out.name("inChannels").value(c.inChannels());
                out.name("outChannels").value(c.outChannels());
                out.name("kernelHeight").value(c.kernelHeight());
                out.name("kernelWidth").value(c.kernelWidth());
                out.name("stride").value(c.stride());
                out.name("padding").value(c.padding());
                out.name("relu").value(c.hasRelu());
                out.name("maxPool").value(c.maxPool());
                out.name("init").value(c.init().name());
            }
            case Activation a -> {
                out.name("type").value("Activation");
                out.name("kind").value(a.kind().name());
                if (a.kind() == Activation.Kind.LEAKY_RELU) {
                    out.name("slope").value(Float.valueOf(a.slope())); // Float: its shortest decimal form
                }
            }
            case MaxPool2D m -> {
                out.name("type").value("MaxPool2D");
                out.name("pool").value(m.pool());
                out.name("stride").value(m.stride());
            }
            case AvgPool2D a -> {
                out.name("type").value("AvgPool2D");
                out.name("pool").value(a.pool());
                out.name("stride").value(a.stride());
            }
            case GlobalAvgPool2D _ -> out.name("type").value("GlobalAvgPool2D");
            case BatchNorm b -> {
                out.name("type").value("BatchNorm");
                out.name("channels").value(b.channels());
                out.name("momentum").value(Float.valueOf(b.momentum()));
                out.name("eps").value(Float.valueOf(b.eps()));
            }
            case Flatten _ -> out.name("type").value("Flatten");
            case Dropout d -> {
                out.name("type").value("Dropout");
                out.name("rate").value(Float.valueOf(d.rate()));
            }
            default -> throw new IllegalArgumentException(layer + " (" + layer.getClass().getName() + ") is not one of "
                    + "nn's layers, and a model file can only describe those; save its weights with a network of "
                    + "nn's layers, or rebuild it by hand and call loadWeights");
        }
        out.endObject();
    }

    /** Reads a layer written by {@link #write}; {@code where} names it in error messages. */
    static Layer read(JsonObject json, String where) throws IOException {
        JsonFields f = new JsonFields(json, where);
        String type = f.string("type");
        try {
            return switch (type) {
                case "Dense" -> {
                    f.allowOnly("type", "inputs", "outputs", "relu", "init");
                    Dense d = new Dense(f.integer("inputs"), f.integer("outputs")).init(init(f));
                    yield f.bool("relu") ? d.withRelu() : d;
                }
                case "Conv2D" -> {
                    f.allowOnly("type", "inChannels", "outChannels", "kernelHeight", "kernelWidth", "stride", "padding",
                            "relu", "maxPool", "init");
                    Conv2D c = new Conv2D(f.integer("inChannels"), f.integer("outChannels"), f.integer("kernelHeight"),
                            f.integer("kernelWidth"), f.integer("stride"), f.integer("padding")).init(init(f));
                    if (f.bool("relu")) {
                        c.withRelu();
                    }
                    int pool = f.integer("maxPool");
                    yield pool == 0 ? c : c.withMaxPool(pool);
                }
                case "Activation" -> {
                    f.allowOnly("type", "kind", "slope");
                    Activation.Kind kind = constant(Activation.Kind.class, f, "kind");
                    if (kind == Activation.Kind.LEAKY_RELU) {
                        yield Activation.leakyRelu(f.number("slope"));
                    }
                    if (f.has("slope")) {
                        throw f.error("slope is for LEAKY_RELU only, not " + kind);
                    }
                    yield new Activation(kind);
                }
                case "MaxPool2D" -> {
                    f.allowOnly("type", "pool", "stride");
                    yield new MaxPool2D(f.integer("pool"), f.integer("stride"));
                }
                case "AvgPool2D" -> {
                    f.allowOnly("type", "pool", "stride");
                    yield new AvgPool2D(f.integer("pool"), f.integer("stride"));
                }
                case "GlobalAvgPool2D" -> {
                    f.allowOnly("type");
                    yield new GlobalAvgPool2D();
                }
                case "BatchNorm" -> {
                    f.allowOnly("type", "channels", "momentum", "eps");
                    yield new BatchNorm(f.integer("channels"), f.number("momentum"), f.number("eps"));
                }
                case "Flatten" -> {
                    f.allowOnly("type");
                    yield new Flatten();
                }
                case "Dropout" -> {
                    f.allowOnly("type", "rate");
                    yield new Dropout(f.number("rate"));
                }
                default -> throw f.error("unknown layer type \"" + type + "\"; this nn knows Dense, Conv2D, "
                        + "Activation, MaxPool2D, AvgPool2D, GlobalAvgPool2D, BatchNorm, Flatten and Dropout");
            };
        } catch (IllegalArgumentException e) {
            throw f.error(e.getMessage()); // a value the layer's constructor refuses, e.g. a negative size
        }
    }

    private static Init init(JsonFields f) throws IOException {
        return constant(Init.class, f, "init");
    }

    private static <E extends Enum<E>> E constant(Class<E> type, JsonFields f, String key) throws IOException {
        String name = f.string(key);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw f.error("unknown " + key + " \"" + name + "\"");
    }
}

package dev.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.layers.Activation;
import dev.nn.layers.AvgPool2D;
import dev.nn.layers.BatchNorm;
import dev.nn.layers.Conv2D;
import dev.nn.layers.Dense;
import dev.nn.layers.Dropout;
import dev.nn.layers.Flatten;
import dev.nn.layers.GlobalAvgPool2D;
import dev.nn.layers.Init;
import dev.nn.layers.MaxPool2D;
import dev.nn.losses.LossFunction;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    private static final String DENSE = "{\"type\":\"Dense\",\"inputs\":4,\"outputs\":2,\"relu\":false,\"init\":\"XAVIER_UNIFORM\"}";

    @Test
    void everyLayerAndOptionRoundTrips() throws IOException {
        Architecture a = new Architecture(new int[] {3, 16, 16}, List.of(
                new Conv2D(3, 8, 3, 2, 2, 1).init(Init.UNIFORM_HALF).withRelu().withMaxPool(2),
                new Conv2D(8, 8, 1), Activation.leakyRelu(0.3f), new Activation(Activation.Kind.SOFTMAX),
                new MaxPool2D(3, 2), new AvgPool2D(2, 1), new GlobalAvgPool2D(), new BatchNorm(8, 0.05f, 1e-3f), new Flatten(), new Dropout(0.1f), new Dense(8, 3).withRelu().init(Init.HE_NORMAL)),
                LossFunction.binaryCrossEntropy());
        String json = a.toJson();
        Architecture back = Architecture.fromJson(json, "f");
        assertEquals(json, back.toJson());
        assertEquals(a.layers().toString(), back.layers().toString());
        assertEquals(0.3f, ((Activation) back.layers().get(2)).slope());
        assertEquals(List.of(8, 0.05f, 1e-3f), List.of(((BatchNorm) back.layers().get(7)).channels(),
                ((BatchNorm) back.layers().get(7)).momentum(), ((BatchNorm) back.layers().get(7)).eps()));
        assertEquals(0.1f, ((Dropout) back.layers().get(9)).rate());
        Architecture empty = Architecture.fromJson(new Architecture(null, List.of(), null).toJson(), "f");
        assertNull(empty.inputShape());
        assertNull(empty.loss());
        assertTrue(empty.layers().isEmpty());
    }

    @Test
    void floatsComeBackAsTheSameFloat() throws IOException {
        for (float rate : new float[] {0.1f, 1e-7f, 0.99999994f, Math.nextUp(0.5f), 0x1.5ae43fp-84f}) {
            String json = new Architecture(null, List.of(new Dropout(rate)), null).toJson();
            assertEquals(rate, ((Dropout) Architecture.fromJson(json, "f").layers().get(0)).rate(), json);
        }
    }

    @Test
    void whatIsWrongIsNamed() {
        assertError("{\"layers\":[{\"type\":\"Lstm\"}]}", "f: architecture, layer 0: unknown layer type \"Lstm\"");
        assertError("{\"layers\":[" + DENSE.replace("}", ",\"bias\":true}") + "]}", "unknown key(s) [bias]");
        assertError("{\"layers\":[" + DENSE.replace("\"inputs\":4", "\"inputs\":\"4\"") + "]}", "inputs");
        assertError("{\"layers\":[" + DENSE.replace("\"inputs\":4", "\"inputs\":4.5") + "]}", "inputs");
        assertError("{\"layers\":[" + DENSE.replace("\"inputs\":4", "\"inputs\":-4") + "]}", "Dense needs at least 1 input");
        assertError("{\"layers\":[" + DENSE.replace(",\"relu\":false", "") + "]}", "missing relu");
        assertError("{\"layers\":[" + DENSE.replace("XAVIER_UNIFORM", "GLOROT") + "]}", "unknown init \"GLOROT\"");
        assertError("{\"layers\":[" + DENSE + "],\"loss\":\"hinge\"}", "unknown loss \"hinge\"");
        assertError("{\"layers\":[" + DENSE + "],\"layers\":[]}", "duplicate key");
        assertError("{\"layers\":[" + DENSE.replace("\"relu\":false", "\"relu\":false,\"relu\":true") + "]}", "duplicate key");
        assertError("{\"layers\":[{\"type\":\"Activation\",\"kind\":\"TANH\",\"slope\":0.1}]}", "slope is for LEAKY_RELU only");
        assertError("{\"layers\":[{\"type\":\"Dropout\",\"rate\":1e60}]}", "rate");
        assertError("{\"layers\":[7]}", "layer 0: must be an object");
        assertError("{\"layers\":[]} trailing", "f: architecture");
        assertError("{\"input\":[1,28,28]}", "missing layers");
        assertError("{\"layers\":[],\"optimizer\":\"adam\"}", "unknown key(s) [optimizer]");
    }

    private static void assertError(String json, String expected) {
        IOException e = assertThrows(IOException.class, () -> Architecture.fromJson(json, "f"), json);
        assertTrue(e.getMessage().contains(expected), "expected \"" + expected + "\" in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("f: architecture"), e.getMessage());
    }
}

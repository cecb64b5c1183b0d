package dev.nn;

import static dev.nn.Messages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import dev.nn.data.ClassLabels;
import dev.nn.data.DataSet;
import dev.nn.data.OneHot;
import dev.nn.data.Scaler;
import dev.nn.layers.Dense;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A network's input scaler and class names: applied everywhere inputs enter, kept in model files. */
class ScalerAndClassesTest {
    private static final ClassLabels CLASSES = ClassLabels.sorted(Set.of("cat", "dog", "fish"));

    @TempDir
    Path dir;

    /** Raw samples far from unit scale: features around 1000 ± 300 and −0.01 ± 0.002, and so on. */
    private static DataSet rawData(long seed, int n) {
        Rng rng = new Rng(seed);
        float[] x = new float[n * 4];
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(3);
            x[i * 4] = 1000 + 300 * rng.gaussian(0, 1) + 200 * labels[i];
            x[i * 4 + 1] = -0.01f + 0.002f * rng.gaussian(0, 1);
            x[i * 4 + 2] = 50 * labels[i] + 10 * rng.gaussian(0, 1);
            x[i * 4 + 3] = 7;
        }
        return new DataSet(Tensor.wrap(x, n, 4), OneHot.encode(Tensor.wrap(labels, n), 3));
    }

    private static Network network() {
        return new Network(9).input(4).add(new Dense(4, 8).withRelu()).add(new Dense(8, 3))
                .use(Loss.softmaxCrossEntropy());
    }

    private static FitOptions options() {
        return new FitOptions().epochs(3).batchSize(16).seed(5L).verbosity(FitOptions.Verbosity.SILENT);
    }

    @Test
    void aScaledNetworkOnRawSamplesIsTheUnscaledNetworkOnScaledSamples() {
        DataSet raw = rawData(1, 200);
        Scaler scaler = Scaler.standardizer(raw.inputs());
        DataSet scaled = scaler.transform(raw);
        Network withScaler = network().scaleInputs(scaler);
        Network without = network();
        withScaler.fit(raw, options().epochs(20).optimizer(Optimizer.adam(0.01f)).validation(raw));
        without.fit(scaled, options().epochs(20).optimizer(Optimizer.adam(0.01f)).validation(scaled));
        for (int p = 0; p < without.parameters().size(); p++) {
            assertArrayEquals(without.parameters().get(p).value().data(), withScaler.parameters().get(p).value().data());
        }
        assertArrayEquals(without.predict(scaled.inputs()).data(), withScaler.predict(raw.inputs()).data());
        assertArrayEquals(without.predict(scaled.inputs(), 7).data(), withScaler.predict(raw.inputs(), 7).data());
        assertEquals(without.evaluate(scaled), withScaler.evaluate(raw));
        assertEquals(without.trainBatch(scaled.inputs(), scaled.targets(), Optimizer.sgd(0.1f)),
                withScaler.trainBatch(raw.inputs(), raw.targets(), Optimizer.sgd(0.1f)));
        assertArrayEquals(without.predict(scaled.inputs()).data(), withScaler.predict(raw.inputs()).data());
        assertTrue(withScaler.evaluate(raw).accuracy() > 0.9, "the scaled network learns the raw data: "
                + withScaler.evaluate(raw));
        // The caller's samples are never scaled in place.
        assertArrayEquals(rawData(1, 200).inputs().data(), raw.inputs().data());
    }

    @Test
    void modelFilesCheckpointsAndCopiesKeepTheScalerAndClasses() throws IOException {
        DataSet raw = rawData(2, 120);
        Network net = network().scaleInputs(Scaler.minMax(raw.inputs())).classes(CLASSES);
        net.fit(raw, options());
        Path model = dir.resolve("model.safetensors"), checkpoint = dir.resolve("checkpoint.safetensors");
        net.save(model);
        net.saveCheckpoint(checkpoint);
        for (Network back : List.of(Network.load(model), Network.load(checkpoint), net.copy())) {
            assertEquals(net.inputScaler(), back.inputScaler());
            assertEquals(CLASSES, back.classes());
            assertArrayEquals(net.predict(raw.inputs()).data(), back.predict(raw.inputs()).data());
            assertEquals(net.evaluate(raw).confusion(), back.evaluate(raw).confusion());
        }
        Network plain = network();
        plain.save(model);
        Network back = Network.load(model);
        assertNull(back.inputScaler());
        assertNull(back.classes());
    }

    @Test
    void theConfusionMatrixNamesTheClasses() {
        DataSet raw = rawData(3, 60);
        Network net = network().scaleInputs(Scaler.standardizer(raw.inputs()));
        assertEquals("1", net.evaluate(raw).confusion().name(1));
        net.classes(CLASSES);
        assertEquals("dog", net.evaluate(raw).confusion().name(1));
        assertTrue(net.evaluate(raw).confusion().toString().contains("fish"));
    }

    @Test
    void aScalerOrClassesThatDoNotFitAreRefused() {
        Scaler fiveFeatures = Scaler.standardizer(Tensor.zeros(3, 5));
        assertMessage("fitted on 5 features", () -> network().scaleInputs(fiveFeatures));
        assertMessage("2 class names", () -> network().classes(ClassLabels.sorted(Set.of("a", "b"))));
        // Set before the shapes are known, they are refused where the data arrives.
        Network unchecked = new Network(1).add(new Dense(4, 3)).use(Loss.softmaxCrossEntropy())
                .scaleInputs(fiveFeatures);
        assertMessage("fitted on 5", () -> unchecked.predict(Tensor.zeros(2, 4)));
        assertMessage("fitted on 5", () -> unchecked.fit(rawData(4, 10), options()));
        Network wrongClasses = new Network(1).add(new Dense(4, 3)).use(Loss.softmaxCrossEntropy())
                .classes(ClassLabels.sorted(Set.of("a", "b", "c", "d")));
        assertMessage("4 class names", () -> wrongClasses.evaluate(rawData(4, 10)));
        // A binary classifier with one output has two classes.
        new Network(1).input(4).add(new Dense(4, 1)).classes(ClassLabels.sorted(Set.of("no", "yes")));
    }

    @Test
    void aModelFileWithABrokenScalerIsRefusedNamingIt() throws IOException {
        Path file = dir.resolve("model.safetensors");
        network().scaleInputs(Scaler.standardizer(rawData(5, 30).inputs())).save(file);
        // Same length, so that the header's offsets stay valid: only the scaler's kind is wrong.
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("\"standardizer\"", "\"standardiser\"");
        Files.write(file, text.getBytes(StandardCharsets.ISO_8859_1));
        IOException e = assertThrows(IOException.class, () -> Network.load(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("\"standardiser\""), e.getMessage());
    }
}

package dev.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.data.DataSet;
import dev.nn.layers.Conv2D;
import dev.nn.layers.Dense;
import dev.nn.layers.Flatten;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    /** Runs a fit of 2 epochs with validation, its progress printed by a ProgressLine. */
    private static String printed(boolean live) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        DataSet train = ModelFileTest.smallProblem(64, 1);
        ModelFileTest.dropoutMlp().fit(train, new FitOptions().epochs(2).batchSize(8).validation(train)
                .verbosity(FitOptions.Verbosity.SILENT).callbacks(new ProgressLine(out, live)));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void offATerminalOnePlainLinePerEpoch() {
        String text = printed(false);
        List<String> lines = text.lines().toList();
        assertEquals(2, lines.size(), text);
        assertTrue(lines.get(1).startsWith("epoch 2/2  loss "), text);
        assertTrue(lines.get(1).contains("val_accuracy"), text);
        assertTrue(text.chars().noneMatch(c -> c < 0x20 && c != '\n'), "a control character in: " + text);
    }

    @Test
    void onATerminalALiveLineRedrawnInPlaceThatTheValidationFiguresJoin() {
        String text = printed(true);
        assertTrue(text.startsWith("Epoch 1/2\n"), text);
        assertTrue(text.contains("\nEpoch 2/2\n"), text);
        List<String> lines = List.of(text.split("\n")); // not lines(), which also splits at the carriage returns
        assertEquals(4, lines.size(), text);
        String last = lines.get(3);
        String shown = last.substring(last.lastIndexOf('\r') + 1);
        assertTrue(shown.matches("8/8 \\[=+\\] - \\d+s - \\S+/step - loss: \\d\\.\\d{4} - accuracy: \\d\\.\\d{4} - "
                + "val_loss: \\d\\.\\d{4} - val_accuracy: \\d\\.\\d{4} - lr: 0\\.00100\\s*"), shown);
        assertFalse(text.contains("\u001b"), "no escape sequences: a carriage return redraws the line");
    }

    @Test
    void theSummaryListsLayersShapesAndParameters() {
        Network net = new Network().input(1, 8, 8).add(new Conv2D(1, 4, 3).withRelu()).add(new Flatten()).add(new Dense(144, 10));
        String summary = net.summary();
        assertTrue(summary.startsWith("Input: [batch, 1, 8, 8]\n"), summary);
        assertTrue(summary.contains("0  Conv2D(1→4, 3×3, ReLU)   [batch, 4, 6, 6]"), summary);
        assertTrue(summary.contains("2  Dense(144→10)"), summary);
        assertTrue(summary.matches("(?s).*Dense\\(144→10\\)\\s+\\[batch, 10\\]\\s+1,450\\n.*"), summary);
        assertTrue(summary.contains("Total parameters: 1,490 (5.8 KiB as float32)"), summary);
        assertTrue(new Network().add(new Dense(3, 2)).summary().contains("?"), "an unknown shape shows as ?");
    }
}

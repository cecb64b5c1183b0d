package dev.nn.data;

import static dev.nn.data.TestData.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Class order, look-ups both ways, and the metadata round trip. */
class ClassLabelsTest {
    @Test
    void namesAndIndicesAreInverse() {
        ClassLabels c = ClassLabels.sorted(Set.of("b", "a", "c"));
        assertEquals(3, c.count());
        for (int i = 0; i < 3; i++) {
            assertEquals(i, c.index(c.name(i)));
        }
        assertEquals("a", c.name(0));
        assertMessage(IllegalArgumentException.class, () -> c.index("d"), "\"d\" is not a class", "[a, b, c]");
        assertMessage(IllegalArgumentException.class, () -> c.name(3), "class 3 does not exist");
        assertMessage(IllegalArgumentException.class, () -> ClassLabels.sorted(Set.of()), "no class labels");
    }

    @Test
    void metadataRoundTripKeepsAwkwardNames() {
        ClassLabels c = ClassLabels.sorted(Set.of("plain", "with, comma", "with \"quotes\"", "two\nlines", " "));
        Map<String, String> metadata = c.toMetadata();
        assertEquals(Set.of("nn.classes"), metadata.keySet());
        ClassLabels back = ClassLabels.fromMetadata(metadata).orElseThrow();
        assertEquals(c, back);
        assertEquals(c.names(), back.names());
        assertEquals(List.of("only"), ClassLabels.fromMetadata(Map.of("nn.classes", "only")).orElseThrow().names());
        assertTrue(ClassLabels.fromMetadata(Map.of("nn.scaler", "min-max")).isEmpty());
        assertMessage(IllegalArgumentException.class, () -> ClassLabels.fromMetadata(Map.of("nn.classes", "a,b,a")),
                "\"a\" is named twice");
    }
}

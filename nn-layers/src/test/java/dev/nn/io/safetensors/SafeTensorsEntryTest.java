package dev.nn.io.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** TensorEntry and DType: values, not views; counts; the dtype names of headers. */
class SafeTensorsEntryTest {
    @Test
    void anEntryCopiesItsShapeAndComparesItByContent() {
        long[] shape = {2, 3};
        TensorEntry entry = new TensorEntry("w", DType.F32, shape, 8, 32);
        shape[0] = 100;
        entry.shape()[1] = 100;
        assertArrayEquals(new long[] {2, 3}, entry.shape());
        TensorEntry same = new TensorEntry("w", DType.F32, new long[] {2, 3}, 8, 32);
        assertEquals(same, entry);
        assertEquals(same.hashCode(), entry.hashCode());
        assertNotEquals(new TensorEntry("w", DType.F32, new long[] {3, 2}, 8, 32), entry);
        assertEquals("tensor \"w\": F32 [2, 3] at [8, 32)", entry.toString());
    }

    @Test
    void elementCountsAndByteLengths() {
        assertEquals(1, new TensorEntry("s", DType.F64, new long[0], 0, 8).elementCount(), "a scalar");
        assertEquals(0, new TensorEntry("e", DType.F32, new long[] {4, 0, 2}, 4, 4).elementCount());
        assertEquals(24, new TensorEntry("c", DType.I64, new long[] {3}, 16, 40).byteLength());
        assertThrows(ArithmeticException.class,
                () -> new TensorEntry("x", DType.F32, new long[] {1L << 32, 1L << 32}, 0, 0).elementCount());
    }

    @Test
    void dtypesAreNamedAsInHeaders() {
        assertEquals(Optional.of(DType.BF16), DType.named("BF16"));
        assertTrue(DType.named("bf16").isEmpty());
        assertTrue(DType.named("I8").isEmpty());
        for (DType type : DType.values()) {
            assertTrue(type.size() == 2 || type.size() == 4 || type.size() == 8, type.toString());
        }
        assertEquals(2, DType.F16.size());
        assertEquals(8, DType.I64.size());
    }
}

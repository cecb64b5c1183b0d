package dev.nn.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nn.core.Tensor;
import org.junit.jupiter.api.Test;

/** Accuracy on hand-made batches: class scores, single outputs, and a shape mismatch. */
class AccuracyTest {
    @Test
    void aRowIsRightWhenItsLargestOutputIsAtItsLargestTarget() {
        Tensor outputs = Tensor.wrap(new float[] {0.1f, 0.7f, 0.2f, 0.5f, 0.3f, 0.2f, 0.4f, 0.4f, 0.2f}, 3, 3);
        Tensor targets = Tensor.wrap(new float[] {0, 1, 0, 0, 0, 1, 1, 0, 0}, 3, 3);
        // Row 0 right; row 1 wrong; row 2's tie goes to the first maximum, column 0: right.
        assertEquals(2, Accuracy.correct(outputs, targets));
    }

    @Test
    void aSingleOutputIsRightOnTheSameSideOfOneHalfAsItsTarget() {
        Tensor outputs = Tensor.wrap(new float[] {0.9f, 0.5f, 0.49f, 0.2f}, 4, 1);
        Tensor targets = Tensor.wrap(new float[] {1, 0, 0, 1}, 4, 1);
        assertEquals(2, Accuracy.correct(outputs, targets));
    }

    @Test
    void shapesMustMatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Accuracy.correct(Tensor.zeros(4, 10), Tensor.zeros(4, 1)));
        assertEquals("accuracy: outputs [4, 10] and targets [4, 1] differ in shape", e.getMessage());
    }
}

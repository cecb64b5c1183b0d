package dev.nn.data;

import static dev.nn.data.TestData.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import dev.nn.data.DataSet.Batch;
import dev.nn.data.DataSet.Batches;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** Pairing, views and copies, and mini-batches: coverage, order, sizes and buffer reuse. */
class DataSetTest {

    /** N samples whose input row i is (i, -i) and whose target is 10·i, so a batch tells where it came from. */
    private static DataSet indexed(int n) {
        float[] x = new float[2 * n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = 10 * i;
        }
        return new DataSet(Tensor.wrap(x, n, 2), Tensor.wrap(y, n, 1));
    }

    /** The sample indices of one pass, in the order the batches delivered them, checking each pairing. */
    private static List<Integer> pass(Batches batches) {
        List<Integer> seen = new ArrayList<>();
        for (Batch b : batches) {
            float[] x = b.inputs().data();
            float[] y = b.targets().data();
            for (int r = 0; r < b.inputs().dim(0); r++) {
                int i = (int) x[2 * r];
                assertEquals(-i, x[2 * r + 1], "row " + r + " of the batch");
                assertEquals(10 * i, y[r], "target of sample " + i);
                seen.add(i);
            }
        }
        return seen;
    }

    private static List<Integer> range(int n) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        return all;
    }

    @Test
    void shapesAndSize() {
        DataSet d = new DataSet(Tensor.zeros(5, 1, 2, 3), Tensor.zeros(5, 10));
        assertEquals(5, d.size());
        assertArrayEquals(new int[] {1, 2, 3}, d.inputShape());
        assertArrayEquals(new int[] {10}, d.targetShape());
    }

    @Test
    void badConstructionNamesBothShapes() {
        assertMessage(IllegalArgumentException.class, () -> new DataSet(Tensor.zeros(3, 2), Tensor.zeros(4, 1)),
                "[3, 2]", "[4, 1]");
        assertMessage(IllegalArgumentException.class, () -> new DataSet(null, Tensor.zeros(4, 1)), "inputs");
        assertMessage(IllegalArgumentException.class, () -> new DataSet(Tensor.zeros(4, 1), null), "targets");
    }

    @Test
    void withInputShapeIsAViewOfTheSameValues() {
        DataSet d = new DataSet(Tensor.zeros(4, 1, 2, 2), Tensor.zeros(4, 10));
        DataSet flat = d.withInputShape(4);
        assertArrayEquals(new int[] {4, 4}, flat.inputs().shape());
        assertSame(d.inputs().data(), flat.inputs().data());
        assertSame(d.targets(), flat.targets());
        assertArrayEquals(new int[] {2, 2}, d.withInputShape(-1, 2).inputShape());
        assertMessage(IllegalArgumentException.class, () -> d.withInputShape(5), "[4, 1, 2, 2]", "[4, 5]");
    }

    @Test
    void sliceCopiesARangeOfSamples() {
        DataSet d = indexed(10);
        DataSet s = d.slice(7, 10);
        assertEquals(3, s.size());
        assertArrayEquals(new float[] {7, -7, 8, -8, 9, -9}, s.inputs().toArray());
        assertArrayEquals(new float[] {70, 80, 90}, s.targets().toArray());
        d.inputs().data()[14] = 123;
        assertEquals(7, s.inputs().data()[0], "a slice is a copy");
        assertEquals(10, d.slice(0, 10).size());
        for (int[] bad : new int[][] {{-1, 3}, {3, 11}, {5, 5}, {6, 5}}) {
            assertMessage(IllegalArgumentException.class, () -> d.slice(bad[0], bad[1]),
                    "slice [" + bad[0] + ", " + bad[1] + ")", "10 samples");
        }
    }

    @Test
    void inOrderBatchesCoverEverySampleWithTheLastOnePartial() {
        Batches batches = indexed(10).batches(3, null);
        assertEquals(4, batches.count());
        List<Integer> sizes = new ArrayList<>();
        for (Batch b : batches) {
            sizes.add(b.inputs().dim(0));
            assertEquals(b.inputs().dim(0), b.targets().dim(0));
        }
        assertEquals(List.of(3, 3, 3, 1), sizes);
        assertEquals(range(10), pass(batches));
        assertEquals(range(10), pass(batches), "a second pass starts again");
        assertEquals(List.of(0, 1, 2, 3), pass(indexed(4).batches(2, null)), "no partial batch when it divides");
        Batches whole = indexed(5).batches(64, null);
        assertEquals(1, whole.count());
        assertEquals(5, whole.iterator().next().inputs().dim(0), "a batch larger than the set holds all of it");
    }

    @Test
    void batchCountsOfTheMnistSizes() {
        assertEquals(125, new DataSet(Tensor.zeros(8000, 1), Tensor.zeros(8000, 1)).batches(64, null).count());
        assertEquals(938, new DataSet(Tensor.zeros(60000, 1), Tensor.zeros(60000, 1)).batches(64, null).count());
        Batches b = indexed(8000).batches(64, new Rng(1));
        int n = 0;
        int last = 0;
        for (Batch batch : b) {
            n++;
            last = batch.inputs().dim(0);
        }
        assertEquals(125, n);
        assertEquals(8000 - 124 * 64, last);
    }

    @Test
    void shuffledPassesCoverEachSampleOnceInANewOrderRepeatedBySeed() {
        DataSet d = indexed(1000);
        Batches a = d.batches(32, new Rng(7));
        List<Integer> first = pass(a);
        List<Integer> second = pass(a);
        assertEquals(range(1000), first.stream().sorted().toList(), "each sample exactly once");
        assertEquals(range(1000), second.stream().sorted().toList(), "each sample exactly once");
        assertNotEquals(range(1000), first, "shuffled");
        assertNotEquals(first, second, "a new order each pass");
        Batches again = d.batches(32, new Rng(7));
        assertEquals(first, pass(again), "the same seed gives the same first pass");
        assertEquals(second, pass(again), "and the same second pass");
    }

    @Test
    void batchesReuseTwoBuffersInsteadOfCopyingTheSet() {
        Batches batches = indexed(10).batches(4, new Rng(3));
        Iterator<Batch> it = batches.iterator();
        Batch b1 = it.next();
        float[] x = b1.inputs().data();
        float[] y = b1.targets().data();
        // As long as a new tensor of one batch (values and slack), not the set's 10 × 2 values.
        assertEquals(Tensor.zeros(4, 2).data().length, x.length, "the input buffer holds one batch, not the set");
        assertEquals(Tensor.zeros(4, 1).data().length, y.length, "the target buffer holds one batch, not the set");
        Batch b2 = it.next();
        assertSame(x, b2.inputs().data());
        assertSame(y, b2.targets().data());
        Batch last = it.next();
        assertEquals(2, last.inputs().dim(0));
        assertSame(x, last.inputs().data(), "the last, smaller batch is a view over the same array");
        assertSame(y, last.targets().data());
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
        assertSame(x, batches.iterator().next().inputs().data(), "and so is every later pass");
    }

    @Test
    void aPassAllocatesNothingPerBatch() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Batches batches = indexed(5003).batches(5, new Rng(11));
        long id = Thread.currentThread().threadId();
        float sum = 0;
        long allocated = 0;
        for (int round = 0; round < 3; round++) { // the later rounds run compiled code
            long before = threads.getThreadAllocatedBytes(id);
            for (Batch b : batches) {
                sum += b.inputs().data()[0];
            }
            allocated = threads.getThreadAllocatedBytes(id) - before;
        }
        assertTrue(sum != 0);
        // 1001 batches; even one 16-byte object per batch would exceed this.
        assertTrue(allocated < 8 * 1024, "a pass of " + batches.count() + " batches allocated " + allocated + " bytes");
    }

    @Test
    void badBatchSizeIsRefused() {
        DataSet d = indexed(3);
        assertMessage(IllegalArgumentException.class, () -> d.batches(0, null), "batch size must be at least 1, got 0");
        assertMessage(IllegalArgumentException.class, () -> d.batches(-4, new Rng(1)), "got -4");
    }

    @Test
    void batchesOfRankOneTensors() {
        DataSet d = new DataSet(Tensor.wrap(new float[] {0, 1, 2, 3, 4}, 5), Tensor.wrap(new float[] {0, 10, 20, 30, 40}, 5));
        for (Batch b : d.batches(2, null)) {
            assertEquals(1, b.inputs().rank());
            for (int r = 0; r < b.inputs().dim(0); r++) {
                assertEquals(10 * b.inputs().data()[r], b.targets().data()[r]);
            }
        }
        assertEquals(3, d.batches(2, null).count());
    }
}

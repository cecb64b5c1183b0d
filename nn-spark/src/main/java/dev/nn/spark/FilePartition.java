package dev.nn.spark;

import dev.nn.core.Tensor;
import dev.nn.data.DataSet;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;

/**
 * Reads a data file on the executor and packs partition p of P's share of its samples, those
 * from p·n/P to (p+1)·n/P: each partition reads the file itself, so that the data never passes
 * through the driver.
 */
final class FilePartition implements Function2<Integer, Iterator<Integer>, Iterator<SampleBlock>> {
    private static final long serialVersionUID = 1L;

    /** Reads the whole file, on the executor. */
    @FunctionalInterface
    interface Reader extends Serializable {
        DataSet read() throws IOException;
    }

    private final Reader reader;
    private final int partitions;

    FilePartition(Reader reader, int partitions) {
        this.reader = reader;
        this.partitions = partitions;
    }

    @Override
    public Iterator<SampleBlock> call(Integer partition, Iterator<Integer> ignored) {
        DataSet all;
        try {
            all = reader.read();
        } catch (IOException e) {
            throw new UncheckedIOException("partition " + partition + " could not read its data (the files must be "
                    + "readable at the same path on every executor): " + e.getMessage(), e);
        }
        int n = all.size();
        int from = (int) ((long) partition * n / partitions);
        int to = (int) ((long) (partition + 1) * n / partitions);
        Tensor inputs = all.inputs();
        Tensor targets = all.targets();
        int featureLength = inputs.size() / Math.max(n, 1);
        int classes = targets.size() / Math.max(n, 1);
        SampleBlock.Builder block = new SampleBlock.Builder(partition);
        for (int i = from; i < to; i++) {
            float[] features = Arrays.copyOfRange(inputs.data(), i * featureLength, (i + 1) * featureLength);
            block.add(features, classOf(targets.data(), i * classes, classes));
        }
        return List.of(block.build()).iterator();
    }

    /** The index of the one-hot row's 1 (the readers' class targets are one-hot). */
    private static int classOf(float[] oneHot, int from, int classes) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (oneHot[from + c] > oneHot[from + best]) {
                best = c;
            }
        }
        return best;
    }
}

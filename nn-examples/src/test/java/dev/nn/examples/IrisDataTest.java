package dev.nn.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.data.Csv;
import dev.nn.data.TabularData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Iris data shipped for the examples reads as Fisher's table: 150 samples, 4 features, 50 of each species. */
class IrisDataTest {
    @Test
    void irisReadsWhole() throws Exception {
        TabularData iris = Csv.withHeader().classColumn("species").read(Path.of("src/main/resources/iris.csv"));
        assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"), iris.featureNames());
        assertEquals(List.of("setosa", "versicolor", "virginica"), iris.classes().names());
        assertArrayEquals(new int[] {150, 4}, iris.data().inputs().shape());
        float[] perClass = new float[3];
        float[] targets = iris.data().targets().toArray();
        for (int i = 0; i < targets.length; i++) {
            perClass[i % 3] += targets[i];
        }
        assertArrayEquals(new float[] {50, 50, 50}, perClass);
        assertArrayEquals(new float[] {5.1f, 3.5f, 1.4f, 0.2f}, Arrays.copyOf(iris.data().inputs().toArray(), 4));
    }
}

package dev.nn.spark;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.Optimizer;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Data that does not fit gets an error that says what is wrong and where. */
class BadInputTest {

    @Test
    void aMissingColumnIsNamedWithTheColumnsThereAre() {
        Dataset<Row> rows = floatRows(List.of(new Sample(new float[784], 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkData.of(rows, "pixels", "label"));
        assertMentions(e, "no column 'pixels'", "[features, label]");
    }

    @Test
    void aFeaturesColumnOfTheWrongTypeIsNamedWithItsType() {
        StructType schema = new StructType().add("features", DataTypes.StringType).add("label", DataTypes.IntegerType);
        Dataset<Row> rows = LocalSpark.session().createDataFrame(List.of(RowFactory.create("1,2", 0)), schema);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkData.of(rows, "features", "label"));
        assertMentions(e, "'features'", "string", "ml Vector");
    }

    @Test
    void aLabelColumnThatIsNotNumericIsNamed() {
        StructType schema = new StructType().add("features", DataTypes.createArrayType(DataTypes.DoubleType))
                .add("label", DataTypes.StringType);
        Dataset<Row> rows = LocalSpark.session().createDataFrame(List.of(RowFactory.create(new Double[] {1.0}, "cat")), schema);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkData.of(rows, "features", "label"));
        assertMentions(e, "'label'", "string", "numeric");
    }

    @Test
    void featuresThatDoNotFitTheNetworkNameBothLengths() {
        Exception e = assertThrows(IllegalArgumentException.class,
                () -> train(List.of(new Sample(new float[783], 1), new Sample(new float[783], 2))));
        assertMentions(e, "783 features", "do not fit the network", "784");
    }

    @Test
    void aLabelOutsideTheNetworksClassesIsNamedWithItsPlace() {
        List<Sample> samples = new ArrayList<>(List.of(new Sample(new float[784], 1), new Sample(new float[784], 2)));
        samples.add(new Sample(new float[784], 10));
        Exception e = assertThrows(IllegalArgumentException.class, () -> train(samples));
        assertMentions(e, "partition 1, sample 1: label 10", "classes 0 to 9");
    }

    @Test
    void aNaNFeatureIsNamedWithItsPartitionSampleAndIndex() {
        float[] bad = new float[784];
        bad[300] = Float.NaN;
        Exception e = assertThrows(Exception.class,
                () -> train(List.of(new Sample(new float[784], 1), new Sample(new float[784], 2), new Sample(bad, 3))));
        assertMentions(e, "partition 1, sample 1, feature 300: NaN");
    }

    @Test
    void samplesOfDifferentLengthsInAPartitionAreNamed() {
        Exception e = assertThrows(Exception.class,
                () -> train(List.of(new Sample(new float[784], 1), new Sample(new float[784], 2), new Sample(new float[10], 3))));
        assertMentions(e, "partition 1, sample 1 has 10 features, but the partition's first sample has 784");
    }

    @Test
    void aFractionalLabelInARowIsNamed() {
        Dataset<Row> rows = floatRows(List.of(new Sample(new float[784], 1)));
        Dataset<Row> fractional = rows.withColumn("label", rows.col("label").plus(0.5));
        Exception e = assertThrows(Exception.class, () -> new SparkTrainer(LocalSpark.referenceMlp(0), () -> Optimizer.sgd(0.1f))
                .fit(SparkData.of(fractional, "features", "label")));
        assertMentions(e, "label 1.5 is not a class index");
    }

    @Test
    void noSamplesAtAllIsSaid() {
        Exception e = assertThrows(IllegalArgumentException.class, () -> train(List.of()));
        assertMentions(e, "no samples");
    }

    private static void train(List<Sample> samples) {
        new SparkTrainer(LocalSpark.referenceMlp(0), () -> Optimizer.sgd(0.1f))
                .fit(SparkData.of(LocalSpark.context().parallelize(samples, 2)));
    }

    private static Dataset<Row> floatRows(List<Sample> samples) {
        StructType schema = new StructType().add("features", DataTypes.createArrayType(DataTypes.FloatType))
                .add("label", DataTypes.IntegerType);
        List<Row> rows = new ArrayList<>();
        for (Sample s : samples) {
            Float[] values = new Float[s.features().length];
            for (int i = 0; i < values.length; i++) {
                values[i] = s.features()[i];
            }
            rows.add(RowFactory.create(values, s.label()));
        }
        return LocalSpark.session().createDataFrame(rows, schema);
    }

    /** The message of e or of a cause (Spark wraps what a task throws) holds every part. */
    private static void assertMentions(Throwable e, String... parts) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        for (String part : parts) {
            assertTrue(messages.toString().contains(part), "no \"" + part + "\" in:\n" + messages);
        }
    }
}

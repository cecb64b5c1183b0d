package dev.nn.spark;

import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.UserDefinedType;

/**
 * Packs a partition of rows of two columns, the features and the label, into a block. The
 * features are an ml {@link Vector} (what VectorAssembler makes) or an array of float or double;
 * the label is any number holding a class index.
 */
final class RowPartition implements Function2<Integer, Iterator<Row>, Iterator<SampleBlock>> {
    private static final long serialVersionUID = 1L;

    private final String featuresColumn;
    private final String labelColumn;

    private RowPartition(String featuresColumn, String labelColumn) {
        this.featuresColumn = featuresColumn;
        this.labelColumn = labelColumn;
    }

    /**
     * The packing of rows of this schema, after checking that it has both columns, of types that
     * fit; the rows given to it must be those two columns, in that order.
     */
    static RowPartition of(StructType schema, String featuresColumn, String labelColumn) {
        Set<String> names = Set.of(schema.fieldNames());
        for (String column : List.of(featuresColumn, labelColumn)) {
            if (!names.contains(column)) {
                throw new IllegalArgumentException("the data set has no column '" + column + "'; its columns are "
                        + List.of(schema.fieldNames()));
            }
        }
        DataType features = schema.apply(featuresColumn).dataType();
        if (!isVector(features) && !(features instanceof ArrayType array
                && (array.elementType().equals(DataTypes.FloatType) || array.elementType().equals(DataTypes.DoubleType)))) {
            throw new IllegalArgumentException("the features column '" + featuresColumn + "' is of type " + features.simpleString()
                    + "; it must be an ml Vector (as VectorAssembler makes) or an array of float or double");
        }
        DataType label = schema.apply(labelColumn).dataType();
        if (!(label instanceof NumericType)) {
            throw new IllegalArgumentException("the label column '" + labelColumn + "' is of type " + label.simpleString()
                    + "; it must be numeric, holding class indices from 0 (StringIndexer makes them from names)");
        }
        return new RowPartition(featuresColumn, labelColumn);
    }

    private static boolean isVector(DataType type) {
        return type instanceof UserDefinedType<?> udt && Vector.class.isAssignableFrom(udt.userClass());
    }

    @Override
    public Iterator<SampleBlock> call(Integer partition, Iterator<Row> rows) {
        SampleBlock.Builder block = new SampleBlock.Builder(partition);
        for (int i = 0; rows.hasNext(); i++) {
            Row row = rows.next();
            if (row.isNullAt(0) || row.isNullAt(1)) {
                throw new IllegalArgumentException("partition " + partition + ", row " + i + ": the "
                        + (row.isNullAt(0) ? "features column '" + featuresColumn : "label column '" + labelColumn)
                        + "' is null");
            }
            block.add(features(row, partition, i), ((Number) row.get(1)).doubleValue());
        }
        return List.of(block.build()).iterator();
    }

    private float[] features(Row row, int partition, int index) {
        if (row.get(0) instanceof Vector vector) {
            double[] values = vector.toArray();
            float[] features = new float[values.length];
            for (int j = 0; j < values.length; j++) {
                features[j] = (float) values[j];
            }
            return features;
        }
        List<Object> values = row.getList(0);
        float[] features = new float[values.size()];
        for (int j = 0; j < features.length; j++) {
            if (!(values.get(j) instanceof Number value)) {
                throw new IllegalArgumentException("partition " + partition + ", row " + index + ": feature " + j
                        + " of column '" + featuresColumn + "' is null");
            }
            features[j] = value.floatValue();
        }
        return features;
    }
}

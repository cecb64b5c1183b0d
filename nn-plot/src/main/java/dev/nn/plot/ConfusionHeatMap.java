package dev.nn.plot;

import dev.nn.metrics.ConfusionMatrix;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/** The heat map of {@link Plots#confusionMatrix}. */
final class ConfusionHeatMap {
    static final int WIDTH = 720;
    static final int HEIGHT = 640;
    private static final int TICK_SPACING = 10;

    /**
     * White for no samples to blue for the most, as the usual confusion-matrix pictures; a mid blue
     * at most, so that the counts, in black, stay readable on the fullest cells.
     */
    static final Color[] RANGE = {new Color(0xF7FBFF), new Color(0xC6DBEF), new Color(0x4292C6)};

    private ConfusionHeatMap() {
    }

    static HeatMapChart chart(ConfusionMatrix matrix) {
        int k = matrix.classes();
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Confusion matrix (" + matrix.total() + " samples)")
                .xAxisTitle("predicted class").yAxisTitle("true class").build();
        chart.getStyler().setShowValue(true).setRangeColors(RANGE).setLegendVisible(false);
        chart.getStyler().setHeatMapValueDecimalPattern("0");
        // A label for every class (the default spacing skips every other one) and no grid lines
        // across the cells.
        chart.getStyler().setXAxisTickMarkSpacingHint(TICK_SPACING).setYAxisTickMarkSpacingHint(TICK_SPACING)
                .setPlotGridLinesVisible(false);
        List<String> predicted = IntStream.range(0, k).mapToObj(matrix::name).toList();
        // The y axis runs upwards: list the true classes from the last, so that the first is on top
        // and the diagonal runs from top left to bottom right, as the printed matrix reads.
        List<String> actual = IntStream.range(0, k).mapToObj(c -> matrix.name(k - 1 - c)).toList();
        List<Number[]> cells = new ArrayList<>(k * k);
        for (int a = 0; a < k; a++) {
            for (int p = 0; p < k; p++) {
                cells.add(new Number[] {p, k - 1 - a, matrix.count(a, p)});
            }
        }
        chart.addSeries("counts", predicted, actual, cells);
        return chart;
    }
}

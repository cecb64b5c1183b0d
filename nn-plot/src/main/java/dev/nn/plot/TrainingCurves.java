package dev.nn.plot;

import dev.nn.History;
import dev.nn.Metric;
import java.awt.Color;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The two panels of {@link Plots#trainingCurves}: loss and accuracy over the epochs. */
final class TrainingCurves {
    static final int WIDTH = 640;
    static final int HEIGHT = 480;
    /** Opaque, unlike the theme's colours, so that each line has one colour a test can find. */
    static final Color TRAINING = new Color(0x1F77B4);
    static final Color VALIDATION = new Color(0xFF7F0E);

    private TrainingCurves() {
    }

    /** The loss panel, then the accuracy panel. */
    static List<XYChart> charts(History history) {
        double[] epochs = IntStream.rangeClosed(1, history.size()).asDoubleStream().toArray();
        return List.of(
                panel("Loss", epochs, history, Metric.LOSS, Metric.VALIDATION_LOSS, LegendPosition.InsideNE),
                panel("Accuracy", epochs, history, Metric.ACCURACY, Metric.VALIDATION_ACCURACY, LegendPosition.InsideSE));
    }

    private static XYChart panel(String title, double[] epochs, History history, Metric train, Metric validation,
            LegendPosition legend) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("epoch").yAxisTitle(title.toLowerCase(Locale.ROOT)).build();
        chart.getStyler().setLegendPosition(legend);
        chart.getStyler().setSeriesColors(new Color[] {TRAINING, VALIDATION});
        // Whole epochs only: the default ticks would put fractions between them. And a zero before
        // the decimal point, which the default pattern drops (".05").
        chart.getStyler().setXAxisDecimalPattern("0").setYAxisDecimalPattern("0.###");
        if (epochs.length > 1) {
            chart.getStyler().setXAxisMin(1.0).setXAxisMax((double) epochs.length);
        }
        chart.addSeries("training", epochs, history.of(train)).setMarker(SeriesMarkers.CIRCLE);
        double[] validated = history.of(validation);
        // A fit without validation data has NaN there: no line rather than an empty one.
        if (Arrays.stream(validated).anyMatch(Double::isFinite)) {
            chart.addSeries("validation", epochs, validated).setMarker(SeriesMarkers.DIAMOND);
        }
        return chart;
    }
}

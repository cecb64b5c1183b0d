package dev.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import dev.nn.data.DataSet;
import dev.nn.data.OneHot;
import dev.nn.layers.Dense;
import dev.nn.metrics.ConfusionMatrix;
import org.junit.jupiter.api.Test;

class EvaluationTest {
    @Test
    void evaluateGivesTheConfusionMatrixTopKAndAReportThatAgreeWithPredictClasses() {
        DataSet data = ModelFileTest.smallProblem(300, 3);
        Network net = ModelFileTest.dropoutMlp();
        net.fit(data, new FitOptions().epochs(3).verbosity(FitOptions.Verbosity.SILENT));
        Evaluation e = net.evaluate(data);
        int[] predicted = net.predictClasses(data.inputs());
        long[][] expected = new long[3][3];
        for (int i = 0; i < data.size(); i++) {
            expected[OneHot.argmax(data.targets().data(), i * 3, 3)][predicted[i]]++;
        }
        assertEquals(new ConfusionMatrix(expected, null), e.confusion());
        assertEquals(e.accuracy(), e.confusion().accuracy(), 1e-12);
        assertEquals(e.accuracy(), e.topKAccuracy(1), 1e-12);
        assertTrue(e.topKAccuracy(2) >= e.topKAccuracy(1));
        assertEquals(1.0, e.topKAccuracy(3), 1e-12);
        assertNull(e.regression(), "no regression scores for a classifier trained on cross-entropy");
        assertTrue(e.toString().contains("macro avg"), e.toString());
    }

    @Test
    void aNetworkTrainedOnTheMeanSquaredErrorAlsoGetsRegressionScores() {
        Tensor x = Tensor.uniform(new Rng(1), -1f, 1f, 50, 2);
        float[] y = new float[50];
        for (int i = 0; i < 50; i++) {
            y[i] = 2 * x.data()[2 * i] - x.data()[2 * i + 1];
        }
        Network net = new Network(2).add(new Dense(2, 1)).use(Loss.mse());
        DataSet data = new DataSet(x, Tensor.wrap(y, 50, 1));
        net.fit(data, new FitOptions().epochs(200).optimizer(Optimizer.adam(0.05f)).verbosity(FitOptions.Verbosity.SILENT));
        Evaluation e = net.evaluate(data);
        assertTrue(e.regression().r2() > 0.999, e.regression().toString());
        assertEquals(Math.sqrt(e.loss()), e.regression().rmse(), 1e-4);
        Network overflowing = new Network().add(new Dense(1, 2).init(dev.nn.layers.Init.UNIFORM_HALF));
        overflowing.parameters().get(0).value().data()[0] = 3e38f;
        assertArrayEquals(new int[] {-1, 0}, overflowing.predictClasses(Tensor.wrap(new float[] {100f, 0f}, 2, 1)),
                "an overflowing output names no class");
    }
}

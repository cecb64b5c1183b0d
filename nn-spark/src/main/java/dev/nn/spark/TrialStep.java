package dev.nn.spark;

import dev.nn.Network;
import dev.nn.core.Tensor;
import dev.nn.data.DataSet;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A task's training, once, on the driver before any training task runs: on a network rebuilt
 * from the model's bytes as the executors rebuild it, with the plan checked to serialize as Spark
 * sends it, for one step on one sample of zeros. What would fail in every task — a network
 * without a loss, a loss that does not fit the last layer, an optimizer factory that fails, makes
 * null or cannot be serialized, an optimizer whose state cannot be averaged — fails here with a
 * plain exception that says what is wrong, instead of inside Spark's error after the tasks' retries.
 */
final class TrialStep {
    private static final String FAILED = "the network cannot train (one step on a copy, on the driver, failed): ";

    private TrialStep() {
    }

    /**
     * Runs the step; the network the model was saved from is not touched.
     *
     * @throws IllegalArgumentException if the plan cannot be serialized, the factory makes null, or
     *     the step fails for bad arguments (the message is the step's)
     * @throws IllegalStateException if the step fails for the network's or optimizer's state, e.g.
     *     a network without a loss or an optimizer that cannot give out its state
     */
    static void run(byte[] model, NetworkState start, TrainingPlan plan) {
        requireSerializable(plan);
        if (plan.optimizer().create() == null) {
            throw new IllegalArgumentException("the optimizer factory made null instead of an optimizer");
        }
        Network net = ModelBytes.load(model);
        int[] shape = new int[plan.inputShape().length + 1];
        shape[0] = 1;
        System.arraycopy(plan.inputShape(), 0, shape, 1, plan.inputShape().length);
        float[] target = new float[plan.classes()];
        target[0] = 1f;
        DataSet zeros = new DataSet(Tensor.zeros(shape), Tensor.wrap(target, 1, plan.classes()));
        try {
            LocalRound.train(net, start, zeros, plan);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(FAILED + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(FAILED + e.getMessage(), e);
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException(FAILED + e.getMessage() + ": averaging the optimizer's state needs one of "
                    + "nn's optimizers (Optimizer.momentum(…), adam(…), …); for another, reset it each round with "
                    + "optimizerState(OptimizerState.RESET)", e);
        }
    }

    /** Throws unless the plan serializes, as Spark serializes a task's closure (Java serialization). */
    private static void requireSerializable(TrainingPlan plan) {
        try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
            out.writeObject(plan);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("the optimizer factory cannot be sent to the executors: it holds a "
                    + e.getMessage() + ", which is not serializable", e);
        } catch (IOException e) {
            throw new UncheckedIOException("the training plan could not be serialized: " + e.getMessage(), e);
        }
    }
}

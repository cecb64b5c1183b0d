package dev.nn.spark;

import java.io.Serializable;

/**
 * The settings every task of a training needs, fixed when it starts.
 *
 * @param optimizer makes each task's optimizer
 * @param batchSize samples per step
 * @param inputShape the shape one sample's features are given to the network in
 * @param classes the network's number of outputs
 * @param seed the training order's and dropout masks' seed
 * @param threadsPerTask nn's thread count in every task: spark.task.cpus
 * @param averagesOptimizerState whether the optimizer's state goes from round to round, averaged;
 *     if not, every round starts new optimizers
 */
record TrainingPlan(OptimizerFactory optimizer, int batchSize, int[] inputShape, int classes,
                    long seed, int threadsPerTask, boolean averagesOptimizerState) implements Serializable {
    private static final long serialVersionUID = 1L;
}

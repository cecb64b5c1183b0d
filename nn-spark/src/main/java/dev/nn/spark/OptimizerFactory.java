package dev.nn.spark;

import dev.nn.Optimizer;
import java.io.Serializable;

/**
 * Makes the optimizer each partition trains with, on the executors: a lambda such as
 * {@code () -> Optimizer.momentum(0.01f, 0.9f)} is serializable once given this type.
 */
@FunctionalInterface
public interface OptimizerFactory extends Serializable {
    /**
     * A new optimizer, with no state (no momentum, no moments) yet.
     *
     * @return the optimizer
     */
    Optimizer create();
}

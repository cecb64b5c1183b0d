/**
 * The API of nn and its implementations: {@code Network}, {@code Layer}, {@code Loss},
 * {@code Optimizer} and their kin in {@code dev.nn}; the layers; data sets and their readers;
 * metrics. The loss formulas ({@code dev.nn.losses}) and optimizer update rules
 * ({@code dev.nn.optim}) are not exported: {@code Loss} and {@code Optimizer} hand them out.
 */
module dev.nn.layers {
    requires transitive dev.nn.core;
    requires com.google.gson;
    requires de.siegmar.fastcsv;

    exports dev.nn;
    exports dev.nn.layers;
    exports dev.nn.callbacks;
    exports dev.nn.data;
    exports dev.nn.metrics;
}

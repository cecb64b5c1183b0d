package dev.nn;

import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import dev.nn.layers.Layer;
import dev.nn.layers.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * Compares analytic gradients with finite differences, for a layer (with respect to its input and
 * every parameter), a loss (with respect to the predictions) or a whole network (every parameter
 * and the input).
 *
 * <p>For a layer the error function is {@code E = Σ r ⊙ Y} with a fixed random r, so ∂E/∂Y = r.
 * The numeric gradient of a value v is the central difference {@code D(h) = (E(v + h) − E(v − h)) / 2h}
 * extrapolated from two steps, {@code (4·D(h/2) − D(h)) / 3} (Richardson), which cancels the O(h²)
 * error of a single difference. A value passes when
 * {@code |analytic − numeric| ≤ tolerance·max(|analytic|, |numeric|) + noise}, where noise bounds
 * what float rounding in E can do to a difference: 4 units in the last place of E (of each output
 * for a layer, weighted by |r|; for a network, of E and of every layer's output, weighted by
 * |∂E/∂output|) divided by the step. Without it, gradients far smaller than the
 * rest would fail on rounding alone; with it, a wrong gradient of any size that matters still fails.
 *
 * <p>Finite differences need a smooth function around the point: keep inputs of ReLU-like layers
 * and values inside a max-pooling window further apart than the step. Layers run in training mode;
 * a layer with randomness (dropout) must keep it fixed between backward passes.
 *
 * <p>Its checks run forward and backward passes on the layer or network they check, which no other
 * thread may use meanwhile; checks of different layers may run on different threads at once.
 */
public final class GradientCheck {
    /** Units in the last place of E that rounding may move a difference by (see the class comment). */
    private static final double ROUNDING_ULPS = 4;

    /**
     * How a check runs.
     *
     * @param step the step h of the finite differences
     * @param tolerance the relative difference allowed between analytic and numeric gradients
     * @param maxValuesPerTensor how many values of each tensor to check at most: a larger tensor is
     *     checked at a random sample of that many
     * @param seed the seed of the random sample and of the layer check's error function
     */
    public record Settings(double step, double tolerance, int maxValuesPerTensor, long seed) {
        /**
         * h = 1e−2 keeps rounding small against the differences, and the extrapolation leaves an
         * O(h⁴) error, below 1e−4 relative even where the curvature is high (cross-entropy at
         * p = 0.05). A tolerance of 1e−2 is far above that and far below the error of a wrong
         * gradient (a missing factor or term). Tensors larger than 64 values are checked at a
         * seeded random sample of 64.
         */
        public static final Settings DEFAULT = new Settings(1e-2, 1e-2, 64, 1L);

        /**
         * These settings with another seed.
         *
         * @param value the seed
         * @return the new settings
         */
        public Settings withSeed(long value) {
            return new Settings(step, tolerance, maxValuesPerTensor, value);
        }
    }

    /**
     * How one tensor's gradient compared, at its worst value: {@code ratio} is
     * |analytic − numeric| / allowed difference, so the tensor passes when it is at most 1.
     *
     * @param name what the tensor is: "input", a parameter's name, or for a network the layer and
     *     parameter
     * @param checked how many of its values were checked
     * @param ratio the worst value's difference divided by the allowed difference
     * @param index the worst value's index in the tensor
     * @param analytic the worst value's analytic gradient
     * @param numeric the worst value's numeric gradient
     */
    public record Result(String name, int checked, double ratio, int index, double analytic, double numeric) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %d values, worst at %d: analytic %.6g, numeric %.6g (%.2f of the allowed difference)",
                    name, checked, index, analytic, numeric, ratio);
        }
    }

    /**
     * The results for every checked tensor.
     *
     * @param results one per tensor: the input's first, then the parameters' in order
     */
    public record Report(List<Result> results) {
        /**
         * Whether every checked value is within the allowed difference.
         *
         * @return true if every result's ratio is at most 1
         */
        public boolean passed() {
            return results.stream().allMatch(r -> r.ratio() <= 1);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(passed() ? "gradient check passed" : "gradient check FAILED");
            for (Result r : results) {
                sb.append("\n  ").append(r);
            }
            return sb.toString();
        }
    }

    private GradientCheck() {
    }

    /**
     * Checks a layer's input and parameter gradients at {@code input}, with default settings; see
     * {@link #layer(Layer, Tensor, Settings)}.
     *
     * @param layer an initialized layer
     * @param input a batch of inputs
     * @return the results, the input's first
     */
    public static Report layer(Layer layer, Tensor input) {
        return layer(layer, input, Settings.DEFAULT);
    }

    /**
     * Checks a layer's input and parameter gradients at {@code input}. The layer must be
     * initialized; its parameters are restored afterwards, its gradients hold the analytic ones.
     *
     * @param layer an initialized layer
     * @param input a batch of inputs
     * @param settings how to check
     * @return the results, the input's first
     */
    public static Report layer(Layer layer, Tensor input, Settings settings) {
        layer.setTraining(true);
        Tensor x = input.copy();
        Rng rng = new Rng(settings.seed());
        Tensor y = layer.forward(x);
        Tensor r = Tensor.uniform(rng, -1f, 1f, y.shape());
        double roundingOfE = 0;
        for (int i = 0; i < y.size(); i++) {
            roundingOfE += Math.abs(r.data()[i]) * Math.ulp(y.data()[i]);
        }
        DoubleSupplier error = () -> dot(layer.forward(x), r);
        // Differences first, analytic pass last: a backward pass may let a layer redraw its randomness.
        List<Numeric> numeric = new ArrayList<>();
        numeric.add(differences("input", x, error, rng, settings));
        for (Parameter p : layer.parameters()) {
            numeric.add(differences(p.name(), p.value(), error, rng, settings));
        }
        for (Parameter p : layer.parameters()) {
            p.zeroGradient();
        }
        layer.forward(x);
        List<Tensor> analytic = new ArrayList<>();
        analytic.add(layer.backward(r));
        for (Parameter p : layer.parameters()) {
            analytic.add(p.gradient());
        }
        return compare(numeric, analytic, roundingOfE, settings);
    }

    /**
     * Checks a loss's gradient with respect to the predictions, with default settings.
     *
     * @param loss the loss
     * @param predictions a batch of predictions
     * @param targets targets of the same shape
     * @return the result for the predictions
     */
    public static Report loss(Loss loss, Tensor predictions, Tensor targets) {
        return loss(loss, predictions, targets, Settings.DEFAULT);
    }

    /**
     * Checks a loss's gradient with respect to the predictions.
     *
     * @param loss the loss
     * @param predictions a batch of predictions
     * @param targets targets of the same shape
     * @param settings how to check
     * @return the result for the predictions
     */
    public static Report loss(Loss loss, Tensor predictions, Tensor targets, Settings settings) {
        Tensor p = predictions.copy();
        Numeric numeric = differences("predictions", p, () -> loss.forward(p, targets), new Rng(settings.seed()), settings);
        float e = loss.forward(p, targets);
        return compare(List.of(numeric), List.of(loss.backward()), Math.ulp(e), settings);
    }

    /**
     * Checks every parameter gradient of a network, and its input gradient, with default settings;
     * see {@link #network(Network, Tensor, Tensor, Settings)}.
     *
     * @param network a network with a loss
     * @param x a batch of inputs
     * @param y the targets
     * @return the results, the input's first
     */
    public static Report network(Network network, Tensor x, Tensor y) {
        return network(network, x, y, Settings.DEFAULT);
    }

    /**
     * Checks every parameter gradient of a network, and its input gradient, for its loss at inputs x
     * and targets y. The network must have a loss ({@link Network#use}).
     *
     * @param network a network with a loss
     * @param x a batch of inputs
     * @param y the targets
     * @param settings how to check
     * @return the results, the input's first
     * @throws IllegalStateException if the network has no loss
     */
    public static Report network(Network network, Tensor x, Tensor y, Settings settings) {
        Loss loss = network.loss();
        if (loss == null) {
            throw new IllegalStateException("no loss: call use(loss) on the network before checking it");
        }
        network.setTraining(true);
        Tensor input = x.copy();
        Rng rng = new Rng(settings.seed());
        DoubleSupplier error = () -> loss.forward(network.forward(input), y);
        List<Numeric> numeric = new ArrayList<>();
        numeric.add(differences("input", input, error, rng, settings));
        List<Layer> layers = network.layers();
        for (int i = 0; i < layers.size(); i++) {
            for (Parameter p : layers.get(i).parameters()) {
                numeric.add(differences("layer " + i + " " + layers.get(i) + " " + p.name(), p.value(), error, rng, settings));
            }
        }
        for (Parameter p : network.parameters()) {
            p.zeroGradient();
        }
        // The analytic pass, layer by layer, keeping each layer's output for the rounding bound.
        List<Tensor> outputs = new ArrayList<>();
        Tensor t = input;
        for (Layer layer : layers) {
            t = layer.forward(t);
            outputs.add(t.copy());
        }
        float e = loss.forward(t, y);
        double roundingOfE = Math.ulp(e);
        Tensor g = loss.backward();
        for (int i = layers.size() - 1; i >= 0; i--) {
            roundingOfE += weightedUlps(g, outputs.get(i));
            g = layers.get(i).backward(g);
        }
        List<Tensor> analytic = new ArrayList<>();
        analytic.add(g);
        for (Parameter p : network.parameters()) {
            analytic.add(p.gradient());
        }
        return compare(numeric, analytic, roundingOfE, settings);
    }

    /**
     * Σ |∂E/∂y|·ulp(y) over the values y of one layer's output: how far the rounding of that output
     * can move E, to first order. Summed over the layers, with E's own rounding, it bounds what
     * float rounding anywhere in the forward pass does to E, which one ulp of E underestimates when
     * E is small beside the values it is computed from.
     */
    private static double weightedUlps(Tensor gradient, Tensor output) {
        double sum = 0;
        for (int j = 0; j < output.size(); j++) {
            sum += Math.abs(gradient.data()[j]) * Math.ulp(output.data()[j]);
        }
        return sum;
    }

    /** Extrapolated central differences of E for a sample of the values of t, each restored afterwards. */
    private static Numeric differences(String name, Tensor t, DoubleSupplier error, Rng rng, Settings s) {
        int[] indices = sample(t.size(), s.maxValuesPerTensor(), rng);
        double[] values = new double[indices.length];
        float[] data = t.data();
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            double coarse = centralDifference(data, i, s.step(), error);
            double fine = centralDifference(data, i, s.step() / 2, error);
            values[k] = (4 * fine - coarse) / 3;
        }
        return new Numeric(name, indices, values);
    }

    /** (E(v + h) − E(v − h)) / (v + h − (v − h)) for v = data[i], over the float steps actually taken. */
    private static double centralDifference(float[] data, int i, double h, DoubleSupplier error) {
        float original = data[i];
        float up = (float) (original + h);
        float down = (float) (original - h);
        data[i] = up;
        double eUp = error.getAsDouble();
        data[i] = down;
        double eDown = error.getAsDouble();
        data[i] = original;
        return (eUp - eDown) / ((double) up - down);
    }

    /**
     * Compares numeric and analytic gradients; {@code roundingOfE} is one unit of the rounding of
     * E (one ulp of E, plus for a layer or a network the ulps of the outputs weighted by how much E
     * depends on them), which, divided by the smaller step, bounds the noise of a difference.
     */
    private static Report compare(List<Numeric> numeric, List<Tensor> analytic, double roundingOfE, Settings s) {
        // The extrapolation weighs the h/2 difference by 4/3 and the h one by 1/3: 5/3 of the
        // noise of a difference over h/2, which is ulps·roundingOfE / (h/2).
        double noise = (5.0 / 3) * ROUNDING_ULPS * roundingOfE / (s.step() / 2);
        List<Result> results = new ArrayList<>();
        for (int t = 0; t < numeric.size(); t++) {
            Numeric n = numeric.get(t);
            float[] a = analytic.get(t).data();
            Result worst = null;
            for (int k = 0; k < n.indices.length; k++) {
                double av = a[n.indices[k]], nv = n.values[k];
                double allowed = s.tolerance() * Math.max(Math.abs(av), Math.abs(nv)) + noise;
                double diff = Math.abs(av - nv);
                double ratio = diff == 0 ? 0 : diff / allowed; // equal values pass even where nothing is allowed
                if (worst == null || !(ratio <= worst.ratio())) {
                    worst = new Result(n.name, n.indices.length, ratio, n.indices[k], av, nv);
                }
            }
            results.add(worst);
        }
        return new Report(results);
    }

    /** All indices of a small tensor, or a seeded sample of a large one. */
    private static int[] sample(int size, int max, Rng rng) {
        int[] all = new int[size];
        for (int i = 0; i < size; i++) {
            all[i] = i;
        }
        if (size <= max) {
            return all;
        }
        rng.shuffle(all);
        return Arrays.copyOf(all, max);
    }

    private static double dot(Tensor a, Tensor b) {
        double s = 0;
        float[] x = a.data(), y = b.data();
        for (int i = 0; i < a.size(); i++) {
            s += (double) x[i] * y[i];
        }
        return s;
    }

    private record Numeric(String name, int[] indices, double[] values) {
    }
}

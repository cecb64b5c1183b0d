package dev.nn.data;

import dev.nn.core.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Rescales each input feature by {@code (x - shift) / scale}, with the shift and scale fitted on
 * the training samples and then applied unchanged to the validation and test samples and to
 * whatever the model later predicts on, so that all see the same scaling. Kept with the model (see
 * {@link #toMetadata}) so that raw rows can be predicted on after loading it.
 *
 * <pre>{@code
 * Scaler scaler = Scaler.standardizer(split.train().inputs());
 * DataSet train = scaler.transform(split.train()), validation = scaler.transform(split.validation());
 * }</pre>
 *
 * <p>A feature is one value of a sample: inputs [N, 4] have 4, inputs [N, 1, 28, 28] have 784. The
 * statistics are computed in double precision. Immutable.
 */
public final class Scaler {
    /** Named like the model file's own metadata keys, {@code "nn.format"} and the like. */
    private static final String KIND = "nn.scaler";
    private static final String SHIFT = "nn.scaler.shift";
    private static final String SCALE = "nn.scaler.scale";
    private static final String STANDARDIZER = "standardizer";
    private static final String MIN_MAX = "min-max";

    private final String kind;
    private final double[] shift;
    private final double[] scale;

    private Scaler(String kind, double[] shift, double[] scale) {
        this.kind = kind;
        this.shift = shift;
        this.scale = scale;
    }

    /**
     * Standardisation: each feature less its mean, divided by its standard deviation (of the whole
     * population, dividing by N), so the training samples get mean 0 and standard deviation 1. A
     * feature that never varies is only centred, to 0, rather than divided by 0.
     *
     * @param train the training inputs, [N, ...]
     * @return the fitted scaler
     */
    public static Scaler standardizer(Tensor train) {
        int n = train.dim(0);
        int features = train.size() / n;
        float[] x = train.data();
        double[] mean = new double[features];
        double[] deviation = new double[features];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < features; f++) {
                mean[f] += x[i * features + f];
            }
        }
        for (int f = 0; f < features; f++) {
            mean[f] /= n;
        }
        // A second pass over the differences, which keeps the variance exact where the sum of
        // squares less the squared mean would cancel.
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < features; f++) {
                double d = x[i * features + f] - mean[f];
                deviation[f] += d * d;
            }
        }
        for (int f = 0; f < features; f++) {
            deviation[f] = nonZero(Math.sqrt(deviation[f] / n));
        }
        return new Scaler(STANDARDIZER, mean, deviation);
    }

    /**
     * Min-max scaling: each feature less its minimum, divided by its range, so the training samples
     * span [0, 1]. A feature that never varies becomes 0.
     *
     * @param train the training inputs, [N, ...]
     * @return the fitted scaler
     */
    public static Scaler minMax(Tensor train) {
        int n = train.dim(0);
        int features = train.size() / n;
        float[] x = train.data();
        double[] min = new double[features];
        double[] range = new double[features];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(range, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < features; f++) {
                min[f] = Math.min(min[f], x[i * features + f]);
                range[f] = Math.max(range[f], x[i * features + f]);
            }
        }
        for (int f = 0; f < features; f++) {
            range[f] = nonZero(range[f] - min[f]);
        }
        return new Scaler(MIN_MAX, min, range);
    }

    /** A scale of 1 where a feature never varies, so that its values are only shifted. */
    private static double nonZero(double scale) {
        return scale == 0 ? 1 : scale;
    }

    /**
     * The number of features the scaler was fitted on.
     *
     * @return the values per sample it expects
     */
    public int features() {
        return shift.length;
    }

    /**
     * Scaled copies of inputs.
     *
     * @param inputs samples [N, ...] of the fitted number of features
     * @return a new tensor of the same shape
     * @throws IllegalArgumentException if the samples have another number of features
     */
    public Tensor transform(Tensor inputs) {
        return apply(inputs, Tensor.zeros(inputs.shape()), false);
    }

    /**
     * Scales inputs in place, e.g. a batch buffer of the caller's own that nothing else reads.
     *
     * @param inputs samples [N, ...] of the fitted number of features; overwritten
     * @return inputs
     * @throws IllegalArgumentException if the samples have another number of features
     */
    public Tensor transformInPlace(Tensor inputs) {
        return apply(inputs, inputs, false);
    }

    /**
     * A data set with scaled copies of the inputs and the same targets.
     *
     * @param data the samples
     * @return a new data set sharing the targets
     * @throws IllegalArgumentException if the samples have another number of features
     */
    public DataSet transform(DataSet data) {
        return new DataSet(transform(data.inputs()), data.targets());
    }

    /**
     * Undoes {@link #transform}: {@code x * scale + shift}, e.g. to read scaled values in their
     * original units.
     *
     * @param scaled samples [N, ...] of the fitted number of features
     * @return a new tensor of the same shape
     * @throws IllegalArgumentException if the samples have another number of features
     */
    public Tensor inverse(Tensor scaled) {
        return apply(scaled, Tensor.zeros(scaled.shape()), true);
    }

    /** Writes in, scaled (or unscaled if inverse), to out, which has its shape and may be in. */
    private Tensor apply(Tensor in, Tensor out, boolean inverse) {
        int features = in.size() / in.dim(0);
        if (features != shift.length) {
            throw new IllegalArgumentException("samples " + Arrays.toString(in.shape()) + " have " + features
                    + " features, but the scaler was fitted on " + shift.length);
        }
        float[] x = in.data(), y = out.data();
        for (int i = 0; i < in.size(); i++) {
            int f = i % features;
            y[i] = (float) (inverse ? x[i] * scale[f] + shift[f] : (x[i] - shift[f]) / scale[f]);
        }
        return out;
    }

    /**
     * The scaler as model-file metadata: {@code "nn.scaler"} ({@code "standardizer"} or
     * {@code "min-max"}), {@code "nn.scaler.shift"} and {@code "nn.scaler.scale"} (one number per
     * feature, comma-separated, exact).
     *
     * @return a new map, for {@link #fromMetadata}
     */
    public Map<String, String> toMetadata() {
        Map<String, String> m = new HashMap<>();
        m.put(KIND, kind);
        m.put(SHIFT, MetadataText.numbers(shift));
        m.put(SCALE, MetadataText.numbers(scale));
        return m;
    }

    /**
     * The scaler stored by {@link #toMetadata}; other keys are ignored.
     *
     * @param metadata the metadata
     * @return the same scaler, or empty if the metadata holds none (has no {@code "nn.scaler"} key)
     * @throws IllegalArgumentException if the scaler is incomplete or broken: a key is missing, the
     *     kind is unknown, a number does not parse, a scale is not a positive finite number, or the
     *     lists differ in length
     */
    public static Optional<Scaler> fromMetadata(Map<String, String> metadata) {
        String kind = metadata.get(KIND);
        if (kind == null) {
            return Optional.empty();
        }
        if (!kind.equals(STANDARDIZER) && !kind.equals(MIN_MAX)) {
            throw new IllegalArgumentException("metadata " + KIND + " is \"" + kind + "\", expected \"" + STANDARDIZER
                    + "\" or \"" + MIN_MAX + "\"");
        }
        double[] shift = MetadataText.numbers(MetadataText.require(metadata, SHIFT), SHIFT);
        double[] scale = MetadataText.numbers(MetadataText.require(metadata, SCALE), SCALE);
        if (shift.length != scale.length) {
            throw new IllegalArgumentException("metadata " + SHIFT + " has " + shift.length + " numbers but " + SCALE
                    + " has " + scale.length);
        }
        for (int f = 0; f < scale.length; f++) {
            if (!(scale[f] > 0 && Double.isFinite(scale[f]) && Double.isFinite(shift[f]))) {
                throw new IllegalArgumentException("metadata: feature " + f + " has shift " + shift[f] + " and scale "
                        + scale[f] + "; a scale must be positive and both finite");
            }
        }
        return Optional.of(new Scaler(kind, shift, scale));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scaler s && s.kind.equals(kind) && Arrays.equals(s.shift, shift)
                && Arrays.equals(s.scale, scale);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(shift) * 17 + Arrays.hashCode(scale);
    }

    @Override
    public String toString() {
        return "Scaler[" + kind + ", shift " + Arrays.toString(shift) + ", scale " + Arrays.toString(scale) + "]";
    }
}

package dev.nn;

import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import dev.nn.core.kernels.Elementwise;
import dev.nn.data.ClassLabels;
import dev.nn.data.DataSet;
import dev.nn.data.OneHot;
import dev.nn.data.Scaler;
import dev.nn.io.Architecture;
import dev.nn.io.ModelFile;
import dev.nn.io.TrainingState;
import dev.nn.layers.BatchNorm;
import dev.nn.layers.Dropout;
import dev.nn.layers.Layer;
import dev.nn.layers.Parameter;
import dev.nn.losses.LossFunction;
import dev.nn.metrics.Accuracy;
import dev.nn.metrics.ClassificationCounts;
import dev.nn.metrics.RegressionScores;
import dev.nn.optim.GradientClipping;
import dev.nn.optim.UpdateRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A sequential model: layers applied one after the other, trained with a {@link Loss} and an
 * {@link Optimizer}.
 *
 * <pre>{@code
 * Network net = new Network(42)
 *         .add(new Dense(784, 128)).add(new Activation(Activation.Kind.RELU)).add(new Dense(128, 10))
 *         .use(Loss.softmaxCrossEntropy());
 * net.fit(train, new FitOptions().epochs(5).batchSize(64).optimizer(Optimizer.momentum(0.01f, 0.9f)));
 * Evaluation result = net.evaluate(test);
 * }</pre>
 *
 * <p>Shapes are checked as soon as the input shape is known — declared with {@link #input} or seen
 * in the data — and a mismatch names the layer's index and type and both shapes. Every random draw
 * (initial weights, dropout, shuffling) comes from the seed given to the constructor. Data with a
 * NaN or an infinity is refused where it enters, naming the first bad sample; training that
 * produces one stops at that batch with a {@link NonFiniteException}.
 *
 * <p><b>Threads.</b> {@link #predict} and {@link #evaluate} may be called from any number of
 * threads at once, each call giving exactly what it gives alone, also while {@link #fit} or
 * {@link #trainBatch} runs on another thread: a call sees the weights between two optimizer steps,
 * the same for all its samples, and never disturbs the training. (If a layer cannot share its
 * parameters — {@link Layer#shareParameters} returns null, as a custom layer may — predictions run
 * one at a time and fail with an {@link IllegalStateException} while the network trains.) One
 * thread at a time trains: a second {@code fit} or {@code trainBatch} on the same network fails at
 * once with an {@link IllegalStateException}. Building the network ({@link #input}, {@link #add},
 * {@link #use}, {@link #scaleInputs}, {@link #classes(ClassLabels)}) and {@link #loadWeights} must
 * happen before it is shared between threads;
 * {@link #copy()} gives an independent network, e.g. to train one while serving another.
 */
public final class Network {
    /** Samples per forward pass in {@link #predict(Tensor)} and {@link #evaluate}. */
    private static final int INFERENCE_BATCH = 256;

    private final List<Layer> layers = new ArrayList<>();
    private final Rng rng;
    private Loss loss;
    private volatile Scaler scaler;       // applied to every input before the first layer; null if none
    private volatile ClassLabels classes; // the names of the outputs' classes; null if none
    private volatile Shapes shapes; // the last input shape checked through the layers; null before any
    private List<Parameter> parameters = List.of();
    private int firstTrainable;    // index of the first layer with parameters (the last layer if none has any)
    // Threads: a prediction holds the read lock for its whole call, an optimizer step the write lock.
    private final ReentrantReadWriteLock weightsLock = new ReentrantReadWriteLock(true);
    private final AtomicReference<Thread> trainer = new AtomicReference<>(); // the thread in fit or trainBatch
    private final ArrayDeque<Inference> idle = new ArrayDeque<>(); // guarded by itself
    private final ReentrantLock ownLock = new ReentrantLock(); // held by training, and by predictions on its layers
    private volatile int version;  // of the layers and loss; inference sets of older versions are dropped
    private boolean shareable = true; // whether every layer can share its parameters for predictions
    private Optimizer optimizer;   // of the last training, or restored from a checkpoint; null before
    private Rng trainingOrder;     // the shuffling's generator, made at the first shuffled fit
    private int epochsTrained;     // by fit, over every call, and before a checkpoint was saved
    private int lastCorrect;       // right answers in the last training batch
    private boolean ready;         // requireReady passed since the last add or use

    /**
     * An empty network whose random draws all come from {@code seed}.
     *
     * @param seed the seed of every random draw
     */
    public Network(long seed) {
        this.rng = new Rng(seed);
    }

    /** An empty network with seed 0. */
    public Network() {
        this(0L);
    }

    /**
     * Declares the shape of one input sample, e.g. {@code input(1, 28, 28)}, so that each layer
     * is checked as it is added.
     *
     * @param sampleShape the shape of one input sample, without the batch dimension
     * @return this network
     * @throws IllegalArgumentException naming the first layer already added that cannot take its input
     */
    public Network input(int... sampleShape) {
        checkLayers(sampleShape.clone());
        return this;
    }

    /**
     * The per-sample input shape last checked through every layer, and the output shape it gives.
     *
     * @param input the shape of one input sample
     * @param output the shape of one output sample
     * @param layerCount how many layers it was checked through
     */
    private record Shapes(int[] input, int[] output, int layerCount) {
    }

    /**
     * Appends a layer and initializes it from the network's random generator.
     *
     * @param layer the layer
     * @return this network
     * @throws IllegalArgumentException if the input shape is known and the layer cannot take the
     *     output of the layer before it, or if layer is null
     */
    public Network add(Layer layer) {
        if (layer == null) {
            throw new IllegalArgumentException("layer is null");
        }
        layers.add(layer);
        ready = false;
        Shapes known = shapes;
        try {
            if (known != null) {
                checkLayers(known.input());
            }
        } catch (IllegalArgumentException e) {
            layers.remove(layers.size() - 1);
            throw e;
        }
        layer.initialize(rng.split());
        shareable &= layer.shareParameters() != null;
        structureChanged();
        List<Parameter> all = new ArrayList<>();
        for (Layer l : layers) {
            all.addAll(l.parameters());
        }
        parameters = Collections.unmodifiableList(all);
        firstTrainable = 0;
        while (firstTrainable < layers.size() - 1 && layers.get(firstTrainable).parameters().isEmpty()) {
            firstTrainable++;
        }
        return this;
    }

    /**
     * Sets the loss that {@link #fit} minimises and {@link #evaluate} reports.
     *
     * @param lossFunction the loss, used by this network only
     * @return this network
     * @throws IllegalArgumentException if lossFunction is null
     */
    public Network use(Loss lossFunction) {
        if (lossFunction == null) {
            throw new IllegalArgumentException("loss is null");
        }
        this.loss = lossFunction;
        ready = false;
        structureChanged();
        return this;
    }

    /**
     * Scales every input with {@code scaler} before the first layer — in {@link #fit},
     * {@link #trainBatch}, {@link #predict} and {@link #evaluate} alike, so that all of them take
     * raw samples, such as the rows of the CSV file the scaler was fitted on. {@link #save} keeps
     * the scaler in the model file, so that the network {@link #load}ed from it predicts on raw
     * rows too.
     *
     * <pre>{@code
     * Split split = Split.stratified(table.data(), 42, 0.7, 0.15, 0.15);
     * net.scaleInputs(Scaler.standardizer(split.train().inputs())); // fitted on the training split only
     * net.fit(split.train(), options);                              // raw samples from here on
     * }</pre>
     *
     * <p>A prediction scales in its own buffers; {@code fit} scales a copy of the training data
     * once, {@code trainBatch} a copy of each batch.
     *
     * @param scaler the scaler, fitted on as many features as an input sample has; null for none
     * @return this network
     * @throws IllegalArgumentException if the input shape is known and the scaler was fitted on
     *     another number of features
     */
    public Network scaleInputs(Scaler scaler) {
        Shapes known = shapes;
        if (scaler != null && known != null && size(known.input()) != scaler.features()) {
            throw new IllegalArgumentException("the scaler was fitted on " + scaler.features() + " features, but an "
                    + "input sample " + Arrays.toString(known.input()) + " has " + size(known.input()));
        }
        this.scaler = scaler;
        return this;
    }

    /**
     * The scaler set by {@link #scaleInputs}, or loaded with the model.
     *
     * @return the scaler, or null if inputs are not scaled
     */
    public Scaler inputScaler() {
        return scaler;
    }

    /**
     * Names the classes of a classifier's outputs, e.g. the {@link ClassLabels} a CSV file's label
     * column gave. {@link #evaluate}'s confusion matrix then names them, and {@link #save} keeps them
     * in the model file, so that the network {@link #load}ed from it can name its predictions:
     * {@code net.classes().name(net.predictClasses(x)[0])}.
     *
     * @param classes one name per output (or two for a single output, a binary classifier); null for none
     * @return this network
     * @throws IllegalArgumentException if the output shape is known and the count does not match it
     */
    public Network classes(ClassLabels classes) {
        Shapes known = shapes;
        if (classes != null && known != null) {
            checkClasses(classes, size(known.output()));
        }
        this.classes = classes;
        return this;
    }

    /**
     * The classes named by {@link #classes(ClassLabels)}, or loaded with the model.
     *
     * @return the classes, or null if they have no names
     */
    public ClassLabels classes() {
        return classes;
    }

    private static void checkClasses(ClassLabels classes, int outputs) {
        if (classes.count() != Math.max(outputs, 2)) {
            throw new IllegalArgumentException(classes.count() + " class names " + classes.names() + " for "
                    + outputs + " output" + (outputs == 1 ? " (a binary classifier has 2 classes)" : "s"));
        }
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Drops the idle inference sets, built for the old layers or loss. */
    private void structureChanged() {
        synchronized (idle) {
            version++;
            idle.clear();
        }
    }

    /**
     * The layers.
     *
     * @return the layers, in order, unmodifiable
     */
    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /**
     * Every layer's parameters.
     *
     * @return the parameters, in layer order, unmodifiable
     */
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * The tutorial's training loop: one sample at a time, in order, plain gradient descent with
     * the given learning rate, printing {@code epoch i/n   error=…} (the mean loss) after each epoch.
     *
     * @param x the inputs, [samples, input shape...]
     * @param y the targets, [samples, output shape...]
     * @param epochs the number of passes over the samples
     * @param learningRate the step size of gradient descent
     * @throws IllegalArgumentException if the data does not fit the network
     * @throws IllegalStateException if no loss was set with {@link #use}
     */
    public void fit(Tensor x, Tensor y, int epochs, float learningRate) {
        fit(new DataSet(x, y), new FitOptions().epochs(epochs).batchSize(1).shuffle(false)
                .optimizer(Optimizer.sgd(learningRate)).verbosity(FitOptions.Verbosity.SILENT)
                .onEpoch(s -> System.out.printf(Locale.ROOT, "epoch %d/%d   error=%f%n", s.epoch(), s.epochs(), s.loss())));
    }

    /**
     * Trains on inputs x and targets y; see {@link #fit(DataSet, FitOptions)}.
     *
     * @param x the inputs, [samples, input shape...]
     * @param y the targets, [samples, output shape...]
     * @param options how to train
     * @return the history: one entry per epoch
     * @throws IllegalArgumentException if the data does not fit the network
     * @throws IllegalStateException if no loss was set with {@link #use}
     */
    public History fit(Tensor x, Tensor y, FitOptions options) {
        return fit(new DataSet(x, y), options);
    }

    /**
     * Trains in mini-batches: for each batch, forward, loss, backward, one optimizer step.
     *
     * <p>Epochs are numbered on from {@link #epochsTrained()}. Without a seed in the options, the
     * training order comes from the network's own generator, which later fits and a resumed
     * checkpoint continue: two fits of 2 and 1 epochs, or a fit of 2 epochs, a checkpoint and a
     * fit of 1 epoch of the network loaded from it, train exactly as one fit of 3 epochs.
     *
     * @param train the training data
     * @param options how to train
     * @return the history: one entry per epoch, also passed to the callbacks as it ends
     * @throws IllegalArgumentException if the data does not fit the network (the message names
     *     the layer and both shapes), or the loss does not fit the last layer, or the options ask
     *     for checkpoints of a network that cannot be saved (see {@link #saveCheckpoint})
     * @throws IllegalStateException if no loss was set with {@link #use}, or the network is
     *     training on another thread
     * @throws NonFiniteException at the first batch whose loss, a layer's output or a gradient is
     *     NaN or infinite (unless the options skip such batches); the weights are then those from
     *     before that batch
     * @throws UncheckedIOException if a checkpoint cannot be written; the previous one is left whole
     */
    public History fit(DataSet train, FitOptions options) {
        requireReady(train);
        train.requireFinite();
        if (options.validation() != null) {
            checkData(options.validation());
            options.validation().requireFinite();
        }
        Optimizer step = options.optimizer() != null ? options.optimizer()
                : optimizer != null ? optimizer : FitOptions.defaultOptimizer();
        if (options.checkpoint() != null) {
            architecture().toJson(); // fails now, not after the first epoch, for a network that cannot be saved
            ruleOptimizer(step);
        }
        Scaler inputScaling = scaler;
        DataSet samples = inputScaling == null ? train : inputScaling.transform(train);
        History history = new History();
        claimTraining(); // before any change: a fit refused for another thread's training changes nothing
        try {
            optimizer = step;
            Rng order = null;
            if (options.shuffle()) {
                if (options.seed() != null) {
                    trainingOrder = new Rng(options.seed());
                } else if (trainingOrder == null) {
                    trainingOrder = rng.split();
                }
                order = trainingOrder;
            }
            train(samples, options, step, order, history);
        } finally {
            setTraining(false);
            releaseTraining();
        }
        return history;
    }

    /** fit's epochs, on the thread that claimed the training. */
    private void train(DataSet train, FitOptions options, Optimizer step, Rng order, History history) {
        DataSet.Batches batches = train.batches(options.batchSize(), order);
        Training training = new Training(this, step, epochsTrained + options.epochs(), batches.count());
        List<Callback> callbacks = options.callbacks();
        for (int c = 0; c < callbacks.size(); c++) {
            callbacks.get(c).onTrainingStart(training);
        }
        for (int i = 0; i < options.epochs() && !training.isStopping(); i++) {
            int epoch = epochsTrained + 1;
            for (int c = 0; c < callbacks.size(); c++) {
                callbacks.get(c).onEpochStart(training, epoch);
            }
            setTraining(true);
            long start = System.nanoTime();
            double lossSum = 0;
            int correct = 0, counted = 0, skipped = 0, batchNumber = 0;
            for (DataSet.Batch batch : batches) {
                batchNumber++;
                for (int c = 0; c < callbacks.size(); c++) { // indexed: an iterator would allocate every batch
                    callbacks.get(c).onBatchStart(training, epoch, batchNumber);
                }
                float value = forwardBackward(batch.inputs(), batch.targets());
                NonFiniteException failure = check(value, batch.inputs(), epoch, batchNumber);
                int n = batch.inputs().dim(0);
                if (failure == null) {
                    applyStep(step);
                    lossSum += (double) value * n;
                    correct += lastCorrect;
                    counted += n;
                } else if (options.skipNonFiniteBatches()) {
                    skipped++;
                } else {
                    throw failure;
                }
                if (!callbacks.isEmpty()) {
                    BatchStats stats = new BatchStats(epoch, batchNumber, batches.count(), failure == null ? value : Double.NaN,
                            (double) lastCorrect / n, n, failure != null);
                    for (int c = 0; c < callbacks.size(); c++) {
                        callbacks.get(c).onBatchEnd(training, stats);
                    }
                }
                if (training.isStopping()) {
                    break;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            epochsTrained++;
            Evaluation validation = options.validation() == null ? null : evaluate(options.validation());
            EpochStats stats = new EpochStats(epochsTrained, training.lastEpoch(), counted == 0 ? Double.NaN : lossSum / counted,
                    counted == 0 ? Double.NaN : (double) correct / counted,
                    validation == null ? Double.NaN : validation.loss(),
                    validation == null ? Double.NaN : validation.accuracy(), seconds, train.size(), skipped,
                    step.learningRate());
            history.append(stats);
            if (options.checkpoint() != null) {
                try {
                    saveCheckpoint(options.checkpoint());
                } catch (IOException e) {
                    throw new UncheckedIOException("epoch " + epochsTrained + ": could not save the checkpoint "
                            + options.checkpoint() + ": " + e.getMessage(), e);
                }
            }
            for (int c = 0; c < callbacks.size(); c++) {
                callbacks.get(c).onEpochEnd(training, stats);
            }
        }
        for (int c = 0; c < callbacks.size(); c++) {
            callbacks.get(c).onTrainingEnd(training, history);
        }
    }

    /** Sets every parameter's values, as {@link Training#setWeights} asks, under the weights' write lock. */
    void setWeights(float[][] values) {
        if (values.length != parameters.size()) {
            throw new IllegalArgumentException("expected values for " + parameters.size() + " parameters but got "
                    + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i].length != parameters.get(i).size()) {
                throw new IllegalArgumentException("parameter " + i + " (" + parameters.get(i) + ") has "
                        + parameters.get(i).size() + " values but was given " + values[i].length);
            }
        }
        weightsLock.writeLock().lock();
        try {
            for (int i = 0; i < values.length; i++) {
                System.arraycopy(values[i], 0, parameters.get(i).value().data(), 0, values[i].length);
            }
        } finally {
            weightsLock.writeLock().unlock();
        }
    }

    /**
     * Marks this thread as the one training, or fails if another is; then waits for any
     * prediction running on the network's own layers, which training is about to use.
     */
    private void claimTraining() {
        Thread current = Thread.currentThread();
        if (!trainer.compareAndSet(null, current)) {
            throw new IllegalStateException("the network is already training on thread \"" + trainer.get().getName()
                    + "\": one thread at a time may call fit or trainBatch (train a copy() to train two at once)");
        }
        ownLock.lock();
    }

    private void releaseTraining() {
        ownLock.unlock();
        trainer.set(null);
    }

    /**
     * The epochs {@link #fit} has trained this network for, over every call, counting those
     * before the checkpoint it was loaded from: a fit's epochs are numbered on from here.
     *
     * @return the number of epochs
     */
    public int epochsTrained() {
        return epochsTrained;
    }

    /**
     * One training step on one batch: forward pass, loss, backward pass, one optimizer step — what
     * {@link #fit} does for each batch, for callers that run their own loop.
     *
     * @param inputs a batch of inputs, [batch, input shape...]
     * @param targets the batch's targets, [batch, output shape...]
     * @param optimizer the optimizer that takes the step
     * @return the loss of the batch, before the step
     * @throws IllegalArgumentException if the batch does not fit the network, holds a NaN or an
     *     infinity (the message names the first such sample), or optimizer is null
     * @throws IllegalStateException if no loss was set with {@link #use}, or the network is
     *     training on another thread
     * @throws NonFiniteException if the loss, a layer's output or a gradient is NaN or infinite;
     *     the step is then not taken
     */
    public float trainBatch(Tensor inputs, Tensor targets, Optimizer optimizer) {
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer is null");
        }
        Shapes known = shapes;
        if (!ready || known == null || !isBatchOf(inputs, known.input()) || !isBatchOf(targets, known.output())
                || inputs.dim(0) != targets.dim(0)) {
            requireReady(new DataSet(inputs, targets));
        } else {
            DataSet.requireFinite(inputs, "trainBatch: inputs");
            DataSet.requireFinite(targets, "trainBatch: targets");
        }
        Scaler inputScaling = scaler;
        Tensor samples = inputScaling == null ? inputs : inputScaling.transform(inputs);
        claimTraining();
        try {
            setTraining(true);
            this.optimizer = optimizer;
            float value = forwardBackward(samples, targets);
            NonFiniteException failure = check(value, samples, 0, 0);
            if (failure != null) {
                throw failure;
            }
            applyStep(optimizer);
            return value;
        } finally {
            releaseTraining();
        }
    }

    /**
     * Forward, loss and, if the loss is finite, backward; counts the batch's right answers into
     * lastCorrect. Returns the loss.
     */
    private float forwardBackward(Tensor inputs, Tensor targets) {
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).zeroGradient();
        }
        Tensor out = forward(inputs);
        float value = loss.forward(out, targets);
        lastCorrect = Accuracy.correct(out, targets);
        if (Float.isFinite(value)) {
            backward(loss.backward());
        }
        return value;
    }

    /** What went non-finite in the batch just run (its loss or a gradient), or null if nothing did. */
    private NonFiniteException check(float value, Tensor inputs, int epoch, int batch) {
        if (!Float.isFinite(value)) {
            return NonFiniteCheck.ofLoss(layers, loss, inputs, value, epoch, batch);
        }
        int layer = NonFiniteCheck.layerWithNonFiniteGradient(layers);
        return layer < 0 ? null : NonFiniteCheck.ofGradient(layers, layer, epoch, batch);
    }

    /** The optimizer's step, while no prediction reads the weights. */
    private void applyStep(Optimizer step) {
        weightsLock.writeLock().lock();
        try {
            step.step(parameters);
        } finally {
            weightsLock.writeLock().unlock();
        }
    }

    /** Whether t is a batch of samples of the given shape; compares in place, as it runs every step. */
    private static boolean isBatchOf(Tensor t, int[] sample) {
        if (sample == null || t.rank() != sample.length + 1) {
            return false;
        }
        for (int i = 0; i < sample.length; i++) {
            if (t.dim(i + 1) != sample[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The network's outputs for a batch of inputs, in inference mode.
     *
     * @param x the inputs, [samples, input shape...]
     * @return a new tensor of the outputs, [samples, output shape...]
     * @throws IllegalArgumentException if the inputs do not fit the network
     * @throws IllegalStateException if the network has no layers
     */
    public Tensor predict(Tensor x) {
        return predict(x, INFERENCE_BATCH);
    }

    /**
     * As {@link #predict(Tensor)}, running at most {@code batchSize} samples per forward pass.
     *
     * @param x the inputs, [samples, input shape...]
     * @param batchSize the most samples per forward pass
     * @return a new tensor of the outputs, [samples, output shape...]
     * @throws IllegalArgumentException if the inputs do not fit the network, hold a NaN or an
     *     infinity (the message names the first such sample), or batchSize is below 1
     * @throws IllegalStateException if the network has no layers, or it is training and a layer
     *     cannot share its parameters ({@link Layer#shareParameters})
     */
    public Tensor predict(Tensor x, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        requireLayers();
        Shapes fitting = shapesOf(x);
        // Reusing no tensor makes a new one, allocating its shape and array and nothing else.
        Tensor result = Tensor.reuse(null, x.dim(0), fitting.output());
        forEachBatch(x, fitting.input(), batchSize, result, Network::copyOutputs);
        return result;
    }

    /** What a call does with one batch's outputs y, rows [from, from + count) of its inputs. */
    private interface BatchOutputs<T> {
        void take(T into, int from, int count, Tensor y);
    }

    /**
     * Runs x's samples through the network, batchSize at a time, in an inference set of its own,
     * and hands each batch's outputs (in the set's buffers) to {@code outputs}: a method reference
     * that captures nothing, so that the call allocates only what {@code into} is.
     */
    private <T> void forEachBatch(Tensor x, int[] sample, int batchSize, T into, BatchOutputs<T> outputs) {
        int n = x.dim(0);
        Scaler inputScaling = scaler;
        Inference inference = takeInference(false);
        try {
            for (int from = 0; from < n; from += batchSize) {
                int b = Math.min(batchSize, n - from);
                Tensor rows = inference.inputRows(x, sample, from, b);
                // Checked as copied, while in cache, rather than in a pass over all of x first: a
                // NaN in a later batch then fails the call after earlier batches ran, which changes
                // nothing a caller sees (no result is returned).
                DataSet.requireFinite(rows, from, "predict: inputs");
                outputs.take(into, from, b, inference.forward(scaled(inputScaling, rows)));
            }
        } finally {
            giveBack(inference);
        }
    }

    private static void copyOutputs(Tensor result, int from, int count, Tensor y) {
        int outSize = y.size() / count;
        System.arraycopy(y.data(), 0, result.data(), from * outSize, count * outSize);
    }

    /**
     * The loss and accuracy on a data set, in inference mode.
     *
     * @param data the samples to evaluate on
     * @return the mean loss and the accuracy
     * @throws IllegalArgumentException if the data does not fit the network, holds a NaN or an
     *     infinity, or the loss does not fit the last layer
     * @throws IllegalStateException if the network has no layers or no loss, or it is training and
     *     a layer cannot share its parameters ({@link Layer#shareParameters}) or the loss is not one
     *     of nn's
     */
    public Evaluation evaluate(DataSet data) {
        requireReady(data);
        data.requireFinite();
        int n = data.size();
        int[] inputSample = data.inputShape(), targetSample = data.targetShape();
        double lossSum = 0;
        int correct = 0;
        int outputs = 1;
        for (int d : targetSample) {
            outputs *= d;
        }
        ClassLabels names = classes;
        if (names != null) {
            checkClasses(names, outputs);
        }
        ClassificationCounts counts = new ClassificationCounts(outputs);
        Scaler inputScaling = scaler;
        Inference inference = takeInference(true);
        try {
            for (int from = 0; from < n; from += INFERENCE_BATCH) {
                int b = Math.min(INFERENCE_BATCH, n - from);
                Tensor out = inference.forward(scaled(inputScaling, inference.inputRows(data.inputs(), inputSample, from, b)));
                Tensor targets = inference.targetRows(data.targets(), targetSample, from, b);
                lossSum += (double) inference.loss().forward(out, targets) * b;
                correct += Accuracy.correct(out, targets);
                counts.add(out.reshape(b, outputs), targets.reshape(b, outputs));
            }
        } finally {
            giveBack(inference);
        }
        double[] topK = new double[Math.max(outputs, 2)];
        for (int k = 1; k <= topK.length; k++) {
            topK[k - 1] = counts.topK(k);
        }
        boolean meanSquared = loss instanceof BufferedLoss b && b.formula().name().equals("mse");
        return new Evaluation(lossSum / n, (double) correct / n, n, counts.confusion(names == null ? null : names.names()), topK,
                meanSquared ? RegressionScores.of(predict(data.inputs()), data.targets()) : null);
    }

    /** The batch, a buffer of the inference set's own, scaled in place if there is a scaler. */
    private static Tensor scaled(Scaler inputScaling, Tensor batch) {
        return inputScaling == null ? batch : inputScaling.transformInPlace(batch);
    }

    /**
     * The class each sample is predicted to be: the position of its largest output, or, for a
     * single output, 1 if it is at least 0.5 and else 0 — what {@link #evaluate} counts as the
     * prediction.
     *
     * @param x the inputs, [samples, input shape...]
     * @return one class per sample; −1 for a sample whose outputs hold a NaN or an infinity
     * @throws IllegalArgumentException as {@link #predict(Tensor)} does
     * @throws IllegalStateException as {@link #predict(Tensor)} does
     */
    public int[] predictClasses(Tensor x) {
        requireLayers();
        int[] classes = new int[x.dim(0)];
        forEachBatch(x, shapesOf(x).input(), INFERENCE_BATCH, classes, Network::classesOf);
        return classes;
    }

    private static void classesOf(int[] classes, int from, int count, Tensor y) {
        float[] o = y.data();
        int cols = y.size() / count;
        for (int i = 0; i < count; i++) {
            int base = i * cols;
            classes[from + i] = Elementwise.firstNonFinite(cols, o, base) >= 0 ? -1
                    : cols == 1 ? (o[base] >= 0.5f ? 1 : 0) : OneHot.argmax(o, base, cols);
        }
    }

    /**
     * An inference set for one call, with the weights' read lock held until {@link #giveBack}: an
     * idle one, or a new one on layers that share the network's parameters, or — if the layers
     * cannot share, or {@code withLoss} and the loss cannot be copied — the network's own layers,
     * one call at a time and never while another thread trains.
     */
    private Inference takeInference(boolean withLoss) {
        Inference inference = null;
        if (shareable) {
            synchronized (idle) {
                inference = idle.pollLast();
            }
            if (inference == null || inference.version() != version) {
                inference = Inference.sharing(layers, loss, version);
            }
        }
        if (inference == null || withLoss && inference.loss() == null) {
            return ownLayers();
        }
        weightsLock.readLock().lock();
        return inference;
    }

    /** The network's own layers for one prediction: the monitor of idle held until giveBack. */
    private Inference ownLayers() {
        Thread training = trainer.get();
        if (training != null && training != Thread.currentThread()) {
            throw new IllegalStateException("the network is training on thread \"" + training.getName() + "\", and "
                    + "it predicts on its own layers, because a layer cannot share its parameters "
                    + "(Layer.shareParameters) or its loss is not one of nn's: predict after fit returns, or on a copy()");
        }
        ownLock.lock();
        setTraining(false);
        return Inference.own(layers, loss, version);
    }

    /** Ends a prediction's use of an inference set taken by {@link #takeInference}. */
    private void giveBack(Inference inference) {
        if (inference.isOwn()) {
            ownLock.unlock();
            return;
        }
        weightsLock.readLock().unlock();
        synchronized (idle) {
            if (inference.version() == version) {
                idle.addLast(inference);
            }
        }
    }

    /**
     * The loss and accuracy on inputs x and targets y; see {@link #evaluate(DataSet)}.
     *
     * @param x the inputs, [samples, input shape...]
     * @param y the targets, [samples, output shape...]
     * @return the mean loss and the accuracy
     * @throws IllegalArgumentException if the data does not fit the network
     * @throws IllegalStateException if the network has no layers or no loss
     */
    public Evaluation evaluate(Tensor x, Tensor y) {
        return evaluate(new DataSet(x, y));
    }

    /**
     * Saves the network — layers, their hyper-parameters and weights, the loss, the input shape, and
     * the input scaler and class names if set — to a model file that {@link #load} rebuilds it
     * from. The file is a safetensors file whose tensors PyTorch's {@code load_state_dict} takes
     * for the same {@code nn.Sequential} (see the README); the architecture is JSON in its metadata
     * ({@code docs/model-files.md}). The previous file, if any, is replaced atomically: a failure
     * leaves it as it was.
     *
     * <p>While another thread trains the network, the file holds the weights from between two
     * optimizer steps.
     *
     * @param file the file to write, e.g. {@code Path.of("mnist.safetensors")}
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if a layer or the loss is not one of nn's, which a model file
     *     cannot describe (the message names it)
     */
    public void save(Path file) throws IOException {
        weightsLock.readLock().lock(); // weights from between two steps, if another thread trains
        try {
            ModelFile.write(file, architecture(), null, keptWithModel());
        } finally {
            weightsLock.readLock().unlock();
        }
    }

    /** The metadata of the classes and scaler, which a model file keeps beside the architecture. */
    private Map<String, String> keptWithModel() {
        Map<String, String> metadata = new HashMap<>();
        ClassLabels names = classes;
        Scaler inputScaling = scaler;
        if (names != null) {
            metadata.putAll(names.toMetadata());
        }
        if (inputScaling != null) {
            metadata.putAll(inputScaling.toMetadata());
        }
        return metadata;
    }

    /**
     * Saves what {@link #save} does plus everything that training would go on with: the epochs
     * trained, the optimizer's hyper-parameters, step count and per-parameter state (PyTorch's names,
     * e.g. {@code exp_avg}), and the state of every random generator (the training order, dropout
     * masks). Training the network loaded from it ({@link #load}) continues bit for bit as this
     * network's training would. {@link FitOptions#checkpoint} saves one after every epoch.
     *
     * @param file the file to write; replaced atomically
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if a layer, the loss or the optimizer is not one of nn's
     */
    public void saveCheckpoint(Path file) throws IOException {
        weightsLock.readLock().lock();
        try {
            ModelFile.write(file, architecture(), trainingState(true), keptWithModel());
        } finally {
            weightsLock.readLock().unlock();
        }
    }

    /**
     * Rebuilds a network from a model file or checkpoint written by {@link #save} or
     * {@link #saveCheckpoint}: the same layers with the same weights, loss, input shape, input scaler
     * and class names, whose predictions are bit-identical to the saved network's. From a checkpoint it also takes the
     * training state, so that {@link #fit} goes on where the saved training stopped, with the same
     * optimizer unless the options set another.
     *
     * @param file the file
     * @return the network
     * @throws IOException naming the file and what is wrong with it: not a safetensors file, or one
     *     that breaks the format's rules; weights only, without an architecture (build the network
     *     and call {@link #loadWeights}); a newer format than this nn reads; tensors that do not
     *     fit the architecture
     */
    public static Network load(Path file) throws IOException {
        ModelFile.Contents contents = ModelFile.read(file);
        Network net;
        try {
            net = assemble(contents.architecture());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": the architecture's layers do not fit together: " + e.getMessage(), e);
        }
        try {
            net.scaleInputs(Scaler.fromMetadata(contents.metadata()).orElse(null));
            net.classes(ClassLabels.fromMetadata(contents.metadata()).orElse(null));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": the input scaler or class names kept with the model: " + e.getMessage(), e);
        }
        contents.copyWeightsIn();
        if (contents.training() != null) {
            net.restore(contents.training());
        }
        return net;
    }

    /**
     * An independent deep copy: the same layers, weights, loss, input shape, input scaler and class
     * names, and the same training state (epochs, the optimizer and its state, the random
     * generators) when the optimizer is one of nn's. Training or predicting on one never affects the other: e.g. a
     * service trains a copy while it serves predictions from the original. While another thread
     * trains this network, the copy has the weights and optimizer state from between two steps.
     *
     * @return the copy
     * @throws IllegalArgumentException if a layer or the loss is not one of nn's (the message names it)
     */
    public Network copy() {
        Network copy;
        try {
            copy = assemble(Architecture.fromJson(architecture().toJson(), "copy"));
        } catch (IOException e) {
            throw new IllegalStateException("the network's own architecture did not read back", e);
        }
        weightsLock.readLock().lock();
        try {
            for (int i = 0; i < parameters.size(); i++) {
                Parameter from = parameters.get(i);
                System.arraycopy(from.value().data(), 0, copy.parameters.get(i).value().data(), 0, from.size());
            }
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i) instanceof BatchNorm from) {
                    ((BatchNorm) copy.layers.get(i)).runningStatistics().copyFrom(from.runningStatistics());
                }
            }
            copy.restore(trainingState(optimizer instanceof RuleOptimizer));
            copy.scaler = scaler;   // immutable: shared, not copied
            copy.classes = classes;
        } finally {
            weightsLock.readLock().unlock();
        }
        return copy;
    }

    /** A network of the architecture's layers (new, initialized from seed 0), input shape and loss. */
    private static Network assemble(Architecture architecture) {
        Network net = new Network();
        if (architecture.inputShape() != null) {
            net.input(architecture.inputShape());
        }
        for (Layer layer : architecture.layers()) {
            net.add(layer);
        }
        if (architecture.loss() != null) {
            net.use(new BufferedLoss(architecture.loss()));
        }
        return net;
    }

    /**
     * Replaces the weights of this network's layers with those of a safetensors file, such as one
     * saved from PyTorch with {@code save_file(model.state_dict(), path)} for the equivalent
     * {@code nn.Sequential}, or a model file of nn. Like PyTorch's strict {@code load_state_dict},
     * the file must hold exactly the tensors the network has, under the names and in the layouts
     * {@link #save} writes (F32, F16, BF16 or F64 values); otherwise nothing changes and the error
     * lists the missing, unexpected and wrongly shaped tensors by name.
     *
     * @param file the file
     * @throws IOException naming the file and what is wrong; the network is then unchanged
     */
    public void loadWeights(Path file) throws IOException {
        Runnable copyIn = ModelFile.readWeights(file, layers);
        weightsLock.writeLock().lock();
        try {
            copyIn.run();
        } finally {
            weightsLock.writeLock().unlock();
        }
    }

    private Architecture architecture() {
        LossFunction formula = null;
        if (loss instanceof BufferedLoss b) {
            formula = b.formula();
        } else if (loss != null) {
            throw new IllegalArgumentException("the loss " + loss + " is not one of nn's (Loss.mse(), "
                    + "Loss.softmaxCrossEntropy(), Loss.binaryCrossEntropy()), and a model file can only name those");
        }
        Shapes known = shapes;
        return new Architecture(known == null ? null : known.input(), layers, formula);
    }

    /** The training state, with the optimizer's (which must then be one of nn's) if asked and there is one. */
    private TrainingState trainingState(boolean withOptimizer) {
        UpdateRule rule = null;
        GradientClipping clipping = null;
        List<float[][]> state = null;
        if (withOptimizer && optimizer != null) {
            RuleOptimizer o = ruleOptimizer(optimizer);
            // Copies: the snapshot must not advance with this network's later steps.
            Optimizer.State copy = o.state(parameters);
            rule = UpdateRule.create(o.rule().name(), o.rule().hyperParameters());
            rule.restoreSteps(copy.steps());
            clipping = o.clipping(); // immutable: shared, not copied
            state = copy.arrays();
        }
        Map<Integer, long[]> generators = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Dropout d && d.maskGenerator() != null) {
                generators.put(i, d.maskGenerator().state());
            }
        }
        return new TrainingState(epochsTrained, rule, clipping, state, rng.state(),
                trainingOrder == null ? null : trainingOrder.state(), generators);
    }

    private void restore(TrainingState training) {
        epochsTrained = training.epochs();
        rng.restore(training.networkGenerator());
        if (training.shuffleGenerator() != null) {
            trainingOrder = new Rng(0);
            trainingOrder.restore(training.shuffleGenerator());
        }
        training.layerGenerators().forEach((i, state) -> ((Dropout) layers.get(i)).maskGenerator().restore(state));
        if (training.optimizer() != null) {
            RuleOptimizer o = new RuleOptimizer(training.optimizer());
            o.restoreClipping(training.clipping());
            o.setState(parameters, new Optimizer.State(training.optimizer().steps(), training.optimizerState()));
            optimizer = o;
        }
    }

    private static RuleOptimizer ruleOptimizer(Optimizer o) {
        if (o instanceof RuleOptimizer r) {
            return r;
        }
        throw new IllegalArgumentException("the optimizer " + o + " is not one of nn's (Optimizer.sgd(…), adam(…), …), "
                + "and a checkpoint can only hold the state of those");
    }

    /**
     * A table of the layers, each one's output shape and number of parameters, and the total, as
     * Keras's {@code model.summary()} prints:
     *
     * <pre>
     * Input: [batch, 1, 28, 28]
     * ---------------------------------------------------------------
     * Layer                                 Output shape    Parameters
     * ===============================================================
     * 0  Conv2D(1→16, 3×3, ReLU, max pool 2×2)   [batch, 16, 13, 13]   160
     * ...
     * Total parameters: 27,210 (106.3 KiB as float32)
     * </pre>
     *
     * @return the table, lines ending in a newline; output shapes show as "?" until the input
     *     shape is known ({@link #input}, or data seen)
     */
    public String summary() {
        Shapes known = shapes;
        return Summary.of(layers, known == null ? null : known.input());
    }

    /**
     * The per-sample output shape for inputs of the given per-sample shape.
     *
     * @param sampleShape the shape of one input sample
     * @return the shape of one output sample
     * @throws IllegalArgumentException naming the first layer that cannot take its input
     */
    public int[] outputShape(int... sampleShape) {
        return checkLayers(sampleShape.clone()).clone();
    }

    /** One forward pass through every layer, in the current mode. */
    Tensor forward(Tensor x) {
        Tensor t = x;
        for (int i = 0; i < layers.size(); i++) { // indexed: an iterator would allocate every batch
            t = layers.get(i).forward(t);
        }
        return t;
    }

    /**
     * One backward pass from ∂E/∂output. Nothing before the first layer with parameters needs a
     * gradient, so that layer computes its parameter gradients only and the pass stops there.
     */
    void backward(Tensor outputGradient) {
        Tensor g = outputGradient;
        for (int i = layers.size() - 1; i > firstTrainable; i--) {
            g = layers.get(i).backward(g);
        }
        layers.get(firstTrainable).backwardParametersOnly(g);
    }

    void setTraining(boolean training) {
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).setTraining(training);
        }
    }

    Loss loss() {
        return loss;
    }

    private void requireReady(DataSet data) {
        requireLayers();
        if (loss == null) {
            throw new IllegalStateException("no loss: call use(loss) before fit or evaluate");
        }
        Layer last = layers.get(layers.size() - 1);
        if (loss.takesLogits() && last.outputsProbabilities()) {
            throw new IllegalArgumentException(loss + " applies the softmax itself: remove the final " + last
                    + " layer, or use a loss on probabilities");
        }
        checkData(data);
        ready = true;
    }

    private void checkData(DataSet data) {
        int[] outputShape = checkLayers(data.inputShape());
        if (!Arrays.equals(data.targetShape(), outputShape)) {
            throw new IllegalArgumentException("targets have shape " + Arrays.toString(data.targetShape())
                    + " per sample but the network outputs " + Arrays.toString(outputShape));
        }
    }

    /**
     * Runs the shape of one sample through every layer and returns the output's; remembers both
     * when all fit. Safe to call from several threads: the remembered shapes are replaced whole.
     */
    private int[] checkLayers(int[] sampleShape) {
        return checkShapes(sampleShape).output();
    }

    /**
     * The shapes of x's samples through every layer: the remembered ones if x is a batch of their
     * input (compared in place: a prediction allocates no shape), else those checked now.
     */
    private Shapes shapesOf(Tensor x) {
        Shapes known = shapes;
        if (known != null && known.layerCount() == layers.size() && isBatchOf(x, known.input())) {
            return known;
        }
        return checkShapes(sampleShape(x));
    }

    /** As {@link #checkLayers}, returning both shapes. */
    private Shapes checkShapes(int[] sampleShape) {
        Shapes known = shapes;
        if (known != null && known.layerCount() == layers.size() && Arrays.equals(sampleShape, known.input())) {
            return known;
        }
        int[] shape = sampleShape;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            try {
                shape = layer.outputShape(shape);
            } catch (IllegalArgumentException e) {
                String from = i == 0 ? "the network's input" : "layer " + (i - 1) + " (" + layers.get(i - 1) + ")";
                throw new IllegalArgumentException("layer " + i + " (" + layer + ") cannot take " + Arrays.toString(shape)
                        + " from " + from + ": " + e.getMessage(), e);
            }
        }
        Shapes checked = new Shapes(sampleShape, shape, layers.size());
        shapes = checked;
        return checked;
    }

    private void requireLayers() {
        if (layers.isEmpty()) {
            throw new IllegalStateException("the network has no layers: add some before using it");
        }
    }

    private static int[] sampleShape(Tensor x) {
        int[] s = x.shape();
        return Arrays.copyOfRange(s, 1, s.length);
    }
}

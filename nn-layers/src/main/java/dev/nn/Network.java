package dev.nn;

import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import dev.nn.data.DataSet;
import dev.nn.io.Architecture;
import dev.nn.io.ModelFile;
import dev.nn.io.TrainingState;
import dev.nn.layers.Dropout;
import dev.nn.layers.Layer;
import dev.nn.layers.Parameter;
import dev.nn.losses.LossFunction;
import dev.nn.metrics.Accuracy;
import dev.nn.optim.UpdateRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
 * (initial weights, dropout, shuffling) comes from the seed given to the constructor.
 */
public final class Network {
    /** Samples per forward pass in {@link #predict(Tensor)} and {@link #evaluate}. */
    private static final int INFERENCE_BATCH = 256;

    private final List<Layer> layers = new ArrayList<>();
    private final Rng rng;
    private Loss loss;
    private int[] inputShape;   // per sample; null until declared or seen in data
    private int[] outputShape;  // per sample, for inputShape
    private int layersChecked;  // how many layers inputShape and outputShape were checked through
    private List<Parameter> parameters = List.of();
    private int firstTrainable;    // index of the first layer with parameters (the last layer if none has any)
    private Tensor inferenceInput; // [batch, input...] reused by predict and evaluate
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
        try {
            if (inputShape != null) {
                checkLayers(inputShape);
            }
        } catch (IllegalArgumentException e) {
            layers.remove(layers.size() - 1);
            throw e;
        }
        layer.initialize(rng.split());
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
        return this;
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
                .optimizer(Optimizer.sgd(learningRate))
                .onEpoch(s -> System.out.printf(Locale.ROOT, "epoch %d/%d   error=%f%n", s.epoch(), s.epochs(), s.loss())));
    }

    /**
     * Trains on inputs x and targets y; see {@link #fit(DataSet, FitOptions)}.
     *
     * @param x the inputs, [samples, input shape...]
     * @param y the targets, [samples, output shape...]
     * @param options how to train
     * @return one entry per epoch
     * @throws IllegalArgumentException if the data does not fit the network
     * @throws IllegalStateException if no loss was set with {@link #use}
     */
    public List<EpochStats> fit(Tensor x, Tensor y, FitOptions options) {
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
     * @return one entry per epoch, also passed to the options' listener as it ends
     * @throws IllegalArgumentException if the data does not fit the network (the message names
     *     the layer and both shapes), or the loss does not fit the last layer, or the options ask
     *     for checkpoints of a network that cannot be saved (see {@link #saveCheckpoint})
     * @throws IllegalStateException if no loss was set with {@link #use}
     * @throws UncheckedIOException if a checkpoint cannot be written; the previous one is left whole
     */
    public List<EpochStats> fit(DataSet train, FitOptions options) {
        requireReady(train);
        if (options.validation() != null) {
            checkData(options.validation());
        }
        Optimizer step = options.optimizer() != null ? options.optimizer()
                : optimizer != null ? optimizer : Optimizer.sgd(0.01f);
        if (options.checkpoint() != null) {
            architecture().toJson(); // fails now, not after the first epoch, for a network that cannot be saved
            ruleOptimizer(step);
        }
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
        List<EpochStats> history = new ArrayList<>();
        int last = epochsTrained + options.epochs();
        for (int i = 0; i < options.epochs(); i++) {
            setTraining(true);
            long start = System.nanoTime();
            double lossSum = 0;
            int correct = 0;
            for (DataSet.Batch batch : train.batches(options.batchSize(), order)) {
                lossSum += (double) step(batch.inputs(), batch.targets(), step) * batch.inputs().dim(0);
                correct += lastCorrect;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            epochsTrained++;
            Evaluation validation = options.validation() == null ? null : evaluate(options.validation());
            EpochStats stats = new EpochStats(epochsTrained, last, lossSum / train.size(),
                    (double) correct / train.size(), validation == null ? Double.NaN : validation.loss(),
                    validation == null ? Double.NaN : validation.accuracy(), seconds, train.size());
            history.add(stats);
            if (options.checkpoint() != null) {
                try {
                    saveCheckpoint(options.checkpoint());
                } catch (IOException e) {
                    throw new UncheckedIOException("epoch " + epochsTrained + ": could not save the checkpoint "
                            + options.checkpoint() + ": " + e.getMessage(), e);
                }
            }
            options.onEpoch().accept(stats);
        }
        setTraining(false);
        return history;
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
     * @throws IllegalArgumentException if the batch does not fit the network, or optimizer is null
     * @throws IllegalStateException if no loss was set with {@link #use}
     */
    public float trainBatch(Tensor inputs, Tensor targets, Optimizer optimizer) {
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer is null");
        }
        if (!ready || !isBatchOf(inputs, inputShape) || !isBatchOf(targets, outputShape) || inputs.dim(0) != targets.dim(0)) {
            requireReady(new DataSet(inputs, targets));
        }
        setTraining(true);
        this.optimizer = optimizer;
        return step(inputs, targets, optimizer);
    }

    /** Forward, loss, backward, optimizer step; counts the batch's right answers into lastCorrect. */
    private float step(Tensor inputs, Tensor targets, Optimizer optimizer) {
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).zeroGradient();
        }
        Tensor out = forward(inputs);
        float value = loss.forward(out, targets);
        lastCorrect = Accuracy.correct(out, targets);
        backward(loss.backward());
        optimizer.step(parameters);
        return value;
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
     * @throws IllegalArgumentException if the inputs do not fit the network or batchSize is below 1
     * @throws IllegalStateException if the network has no layers
     */
    public Tensor predict(Tensor x, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        requireLayers();
        checkLayers(sampleShape(x));
        setTraining(false);
        int n = x.dim(0);
        int[] out = new int[outputShape.length + 1];
        out[0] = n;
        System.arraycopy(outputShape, 0, out, 1, outputShape.length);
        Tensor result = Tensor.zeros(out);
        int inSize = x.size() / n, outSize = result.size() / n;
        for (int from = 0; from < n; from += batchSize) {
            int b = Math.min(batchSize, n - from);
            Tensor y = forward(rows(x, from, b, inSize));
            System.arraycopy(y.data(), 0, result.data(), from * outSize, b * outSize);
        }
        return result;
    }

    /**
     * The loss and accuracy on a data set, in inference mode.
     *
     * @param data the samples to evaluate on
     * @return the mean loss and the accuracy
     * @throws IllegalArgumentException if the data does not fit the network, or the loss does not
     *     fit the last layer
     * @throws IllegalStateException if the network has no layers or no loss
     */
    public Evaluation evaluate(DataSet data) {
        requireReady(data);
        setTraining(false);
        int n = data.size(), inSize = data.inputs().size() / n, targetSize = data.targets().size() / n;
        double lossSum = 0;
        int correct = 0;
        Tensor targets = null;
        for (int from = 0; from < n; from += INFERENCE_BATCH) {
            int b = Math.min(INFERENCE_BATCH, n - from);
            Tensor out = forward(rows(data.inputs(), from, b, inSize));
            targets = Tensor.reuseLike(targets, out);
            System.arraycopy(data.targets().data(), from * targetSize, targets.data(), 0, b * targetSize);
            lossSum += (double) loss.forward(out, targets) * b;
            correct += Accuracy.correct(out, targets);
        }
        return new Evaluation(lossSum / n, (double) correct / n, n);
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
     * Saves the network — layers, their hyper-parameters and weights, the loss and the input shape —
     * to a model file that {@link #load} rebuilds it from. The file is a safetensors file whose
     * tensors PyTorch's {@code load_state_dict} takes for the same {@code nn.Sequential} (see the
     * README); the architecture is JSON in its metadata ({@code docs/model-files.md}). The previous
     * file, if any, is replaced atomically: a failure leaves it as it was.
     *
     * @param file the file to write, e.g. {@code Path.of("mnist.safetensors")}
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if a layer or the loss is not one of nn's, which a model file
     *     cannot describe (the message names it)
     */
    public void save(Path file) throws IOException {
        ModelFile.write(file, architecture(), null);
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
        ModelFile.write(file, architecture(), trainingState());
    }

    /**
     * Rebuilds a network from a model file or checkpoint written by {@link #save} or
     * {@link #saveCheckpoint}: the same layers with the same weights, loss and input shape, whose
     * predictions are bit-identical to the saved network's. From a checkpoint it also takes the
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
        Architecture architecture = contents.architecture();
        Network net = new Network();
        try {
            if (architecture.inputShape() != null) {
                net.input(architecture.inputShape());
            }
            for (Layer layer : architecture.layers()) {
                net.add(layer);
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": the architecture's layers do not fit together: " + e.getMessage(), e);
        }
        if (architecture.loss() != null) {
            net.use(new BufferedLoss(architecture.loss()));
        }
        contents.copyWeightsIn();
        if (contents.training() != null) {
            net.restore(contents.training());
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
        ModelFile.readWeights(file, layers).run();
    }

    private Architecture architecture() {
        LossFunction formula = null;
        if (loss instanceof BufferedLoss b) {
            formula = b.formula();
        } else if (loss != null) {
            throw new IllegalArgumentException("the loss " + loss + " is not one of nn's (Loss.mse(), "
                    + "Loss.softmaxCrossEntropy(), Loss.binaryCrossEntropy()), and a model file can only name those");
        }
        return new Architecture(inputShape, layers, formula);
    }

    private TrainingState trainingState() {
        UpdateRule rule = null;
        List<float[][]> state = null;
        if (optimizer != null) {
            RuleOptimizer o = ruleOptimizer(optimizer);
            rule = o.rule();
            state = new ArrayList<>();
            for (Parameter p : parameters) {
                state.add(o.stateOf(p));
            }
        }
        Map<Integer, long[]> generators = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Dropout d && d.maskGenerator() != null) {
                generators.put(i, d.maskGenerator().state());
            }
        }
        return new TrainingState(epochsTrained, rule, state, rng.state(),
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
            for (int i = 0; i < parameters.size(); i++) {
                o.restoreState(parameters.get(i), training.optimizerState().get(i));
            }
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
     * The per-sample output shape for inputs of the given per-sample shape.
     *
     * @param sampleShape the shape of one input sample
     * @return the shape of one output sample
     * @throws IllegalArgumentException naming the first layer that cannot take its input
     */
    public int[] outputShape(int... sampleShape) {
        checkLayers(sampleShape.clone());
        return outputShape.clone();
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

    /** Copies rows [from, from + count) of x into the reused inference batch buffer. */
    private Tensor rows(Tensor x, int from, int count, int rowSize) {
        inferenceInput = Tensor.reuse(inferenceInput, count, sampleShape(x));
        System.arraycopy(x.data(), from * rowSize, inferenceInput.data(), 0, count * rowSize);
        return inferenceInput;
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
        checkLayers(data.inputShape());
        if (!Arrays.equals(data.targetShape(), outputShape)) {
            throw new IllegalArgumentException("targets have shape " + Arrays.toString(data.targetShape())
                    + " per sample but the network outputs " + Arrays.toString(outputShape));
        }
    }

    /** Runs the shape of one sample through every layer; remembers it when all fit. */
    private void checkLayers(int[] sampleShape) {
        if (Arrays.equals(sampleShape, inputShape) && layersChecked == layers.size()) {
            return;
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
        inputShape = sampleShape;
        outputShape = shape;
        layersChecked = layers.size();
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

// Writes the version-1 fixtures beside this file, which Version1FixtureTest loads in every later
// version of nn: a model file and a checkpoint of a network with every layer type and option of
// format 1, and the inputs and outputs it was saved with. Written once by nn at format 1; do not
// regenerate with a later version (the point is that old files keep loading). Run from the
// repository root after `mvn -q install -DskipTests`:
//
//   java --add-modules jdk.incubator.vector -cp nn-core/target/classes:nn-layers/target/classes:$HOME/.m2/repository/com/google/code/gson/gson/2.15.0/gson-2.15.0.jar \
//        nn-layers/src/test/resources/dev/nn/io/v1/MakeVersion1Fixture.java nn-layers/src/test/resources/dev/nn/io/v1
import dev.nn.FitOptions;
import dev.nn.Loss;
import dev.nn.Network;
import dev.nn.Optimizer;
import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import dev.nn.data.DataSet;
import dev.nn.data.OneHot;
import dev.nn.layers.Activation;
import dev.nn.layers.Conv2D;
import dev.nn.layers.Dense;
import dev.nn.layers.Dropout;
import dev.nn.layers.Flatten;
import dev.nn.layers.Init;
import dev.nn.layers.MaxPool2D;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

public class MakeVersion1Fixture {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Network net = new Network(2026).input(1, 8, 8)
                .add(new Conv2D(1, 3, 3).withRelu().withMaxPool(2))
                .add(new Conv2D(3, 4, 2, 2, 1, 1).init(Init.XAVIER_UNIFORM))
                .add(Activation.leakyRelu(0.1f))
                .add(new MaxPool2D(2, 1))
                .add(new Flatten())
                .add(new Dropout(0.2f))
                .add(new Dense(36, 8).withRelu().init(Init.HE_NORMAL))
                .add(new Dense(8, 5).init(Init.UNIFORM_HALF))
                .add(new Activation(Activation.Kind.TANH))
                .add(new Dense(5, 3))
                .use(Loss.softmaxCrossEntropy());
        Rng rng = new Rng(7);
        Tensor x = Tensor.uniform(rng, 0f, 1f, 64, 1, 8, 8);
        float[] labels = new float[64];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rng.nextInt(3);
        }
        net.fit(new DataSet(x, OneHot.encode(Tensor.wrap(labels, labels.length), 3)), new FitOptions().epochs(1).batchSize(16)
                .optimizer(Optimizer.adam(0.01f)));
        net.save(dir.resolve("model.safetensors"));
        net.saveCheckpoint(dir.resolve("checkpoint.safetensors"));
        Tensor inputs = Tensor.uniform(rng, 0f, 1f, 4, 1, 8, 8);
        Tensor outputs = net.predict(inputs);
        Files.writeString(dir.resolve("expected.txt"), "inputs " + Arrays.toString(inputs.shape()) + " "
                + Arrays.toString(inputs.toArray()) + "\noutputs " + Arrays.toString(outputs.shape()) + " "
                + Arrays.toString(outputs.toArray()) + "\n");
    }
}

/*
 * Writes a model file saved by nn and nn's predictions for some inputs, for check_nn_model.py
 * (beside this file) to compare with what PyTorch computes from the same file. It trains nothing:
 * the network is the CNN of nn-layers' PyTorchInteropTest with nn's default initialization (seed 1),
 *
 *   Conv2D(1, 4, 3).withRelu().withMaxPool(2), Conv2D(4, 6, 3, 3, 1, 1), Activation(TANH), Flatten(),
 *   Dense(150, 32).withRelu(), Dense(32, 10)      (input [1, 12, 12], loss softmaxCrossEntropy)
 *
 * and the inputs are 8 samples uniform in [-2, 2) (seed 2). It writes, into the directory given
 * (default: the current one),
 *
 *   nn-model.safetensors  by Network.save
 *   nn-io.safetensors     F32 tensors "inputs" [8, 1, 12, 12] and "outputs" [8, 10] (net.predict)
 *
 * Run it with the source launcher, from the repository root, after building nn:
 *
 *   m -q -ntp install -DskipTests -Dmaven.javadoc.skip -pl nn-layers -am
 *   CP=nn-core/target/nn-core-0.1.0-SNAPSHOT.jar:nn-layers/target/nn-layers-0.1.0-SNAPSHOT.jar
 *   CP=$CP:$HOME/.m2/repository/com/google/code/gson/gson/2.15.0/gson-2.15.0.jar   # pom.xml's gson.version
 *   java --add-modules jdk.incubator.vector -cp "$CP" docs/pytorch/SaveForPyTorch.java /tmp/nn
 *   python3 docs/pytorch/check_nn_model.py /tmp/nn/nn-model.safetensors /tmp/nn/nn-io.safetensors
 *
 * (On the class path nothing is encapsulated, so this can use the writer of dev.nn.io.safetensors,
 * which the module dev.nn.layers does not export.)
 */

import dev.nn.Loss;
import dev.nn.Network;
import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import dev.nn.io.safetensors.SafeTensorsWriter;
import dev.nn.layers.Activation;
import dev.nn.layers.Conv2D;
import dev.nn.layers.Dense;
import dev.nn.layers.Flatten;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

public class SaveForPyTorch {
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        Files.createDirectories(dir);
        Network net = new Network(1).input(1, 12, 12)
                .add(new Conv2D(1, 4, 3).withRelu().withMaxPool(2))
                .add(new Conv2D(4, 6, 3, 3, 1, 1))
                .add(new Activation(Activation.Kind.TANH))
                .add(new Flatten())
                .add(new Dense(150, 32).withRelu())
                .add(new Dense(32, 10))
                .use(Loss.softmaxCrossEntropy());
        Tensor inputs = Tensor.uniform(new Rng(2), -2f, 2f, 8, 1, 12, 12);
        Tensor outputs = net.predict(inputs);
        net.save(dir.resolve("nn-model.safetensors"));
        float[] in = inputs.toArray(), out = outputs.toArray();
        new SafeTensorsWriter()
                .metadata("made_by", "SaveForPyTorch.java")
                .addF32("inputs", inputs.shape(), b -> b.put(in))
                .addF32("outputs", outputs.shape(), b -> b.put(out))
                .write(dir.resolve("nn-io.safetensors"));
        System.out.println("wrote " + dir.resolve("nn-model.safetensors") + " and " + dir.resolve("nn-io.safetensors"));
    }
}

package dev.nn;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.io.safetensors.SafeTensorsReader;
import dev.nn.layers.Parameter;
import dev.nn.optim.UpdateRule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * AdamW, RMSprop, SGD with weight decay and gradient clipping against PyTorch's
 * ({@code torch.optim.AdamW}, {@code RMSprop}, {@code SGD(weight_decay=…)},
 * {@code torch.nn.utils.clip_grad_norm_}, {@code clip_grad_value_}): the fixture in
 * {@code src/test/resources/dev/nn/optim} was written by {@code make_optimizer_fixture.py} beside
 * it, six steps of each optimizer on two parameters (35 and 7 values: whole vectors and a tail, and
 * a tail alone) from the same start with the same recorded gradients, whose global norm ranges from
 * 0.04 to 23 so that norm clipping acts at some steps and not at others.
 *
 * <p>Tolerance: nn and PyTorch evaluate the same formulas in float, but not with the same roundings
 * (nn fuses multiply-adds and folds Adam's bias corrections into two scalars; PyTorch rounds each
 * tensor operation). After six steps the weights differ by a rounding or two of the largest
 * (measured: at most 2 ulp of the largest |w| of the parameter, RMSprop's; 1 ulp for momentum),
 * so the bound is 4 ulp of it. A wrong formula misses by far more: dropping the weight decay alone
 * moves the weights by lr·wd·|w| per step, 1e−4 or more here, hundreds of ulp.
 */
class OptimizerPyTorchTest {
    private static final String FIXTURE = "/dev/nn/optim/optimizers.safetensors";
    private static final int ULPS = 4;
    private static final int STEPS = 6;
    private static final List<String> PARAMETERS = List.of("a", "b");

    @TempDir
    static Path dir;
    private static Path file;

    @BeforeAll
    static void copyFixture() throws IOException {
        file = dir.resolve("optimizers.safetensors");
        try (InputStream in = OptimizerPyTorchTest.class.getResourceAsStream(FIXTURE)) {
            assertNotNull(in, "missing test resource " + FIXTURE + " (run make_optimizer_fixture.py)");
            Files.copy(in, file);
        }
    }

    /** The optimizers of the fixture's cases, by case name, as make_optimizer_fixture.py's CASES builds them. */
    private static Map<String, Supplier<Optimizer>> cases() {
        Map<String, Supplier<Optimizer>> cases = new LinkedHashMap<>();
        cases.put("adamW", () -> Optimizer.adamW(0.01f, 0.1f));
        cases.put("adamWTuned", () -> Optimizer.adamW(0.02f, 0.8f, 0.95f, 1e-6f, 0.5f));
        cases.put("rmsprop", () -> Optimizer.rmsprop(0.01f));
        cases.put("rmspropTuned", () -> Optimizer.rmsprop(0.003f, 0.9f, 1e-4f));
        cases.put("sgdDecay", () -> Optimizer.sgd(0.1f, 0f, 0.05f));
        cases.put("momentumDecay", () -> Optimizer.sgd(0.1f, 0.9f, 0.05f));
        cases.put("nesterovDecay", () -> nesterovWithDecay(0.1f, 0.8f, 0.05f));
        cases.put("clipNorm", () -> Optimizer.sgd(0.1f).clipGradientNorm(1f));
        cases.put("clipValue", () -> Optimizer.sgd(0.1f).clipGradientValue(0.5f));
        cases.put("adamWClipNorm", () -> Optimizer.adamW(0.01f, 0.1f).clipGradientNorm(0.5f));
        return cases;
    }

    /** Nesterov's form has no public factory with weight decay: through the rule, as a checkpoint rebuilds it. */
    private static Optimizer nesterovWithDecay(float learningRate, float momentum, float weightDecay) {
        return new RuleOptimizer(UpdateRule.create("nesterov",
                Map.of("learningRate", learningRate, "momentum", momentum, "weightDecay", weightDecay)));
    }

    @Test
    void sixStepsOfEachOptimizerMatchPyTorch() throws IOException {
        try (SafeTensorsReader fixture = SafeTensorsReader.open(file)) {
            List<Executable> checks = new ArrayList<>();
            for (Map.Entry<String, Supplier<Optimizer>> c : cases().entrySet()) {
                List<Parameter> parameters = run(fixture, c.getValue().get());
                for (Parameter p : parameters) {
                    checks.add(matches(fixture.readFloats(c.getKey() + "." + p.name()), p, c.getKey()));
                }
            }
            assertAll(checks);
        }
    }

    /** The fixture's parameters after its six steps with the given optimizer. */
    private static List<Parameter> run(SafeTensorsReader fixture, Optimizer optimizer) throws IOException {
        List<Parameter> parameters = new ArrayList<>();
        for (String name : PARAMETERS) {
            float[] start = fixture.readFloats("start." + name);
            Parameter p = new Parameter(name, start.length);
            System.arraycopy(start, 0, p.value().data(), 0, start.length);
            parameters.add(p);
        }
        for (int s = 0; s < STEPS; s++) {
            for (Parameter p : parameters) {
                float[] g = fixture.readFloats("grad" + s + "." + p.name());
                assertEquals(p.size(), g.length, p.name());
                System.arraycopy(g, 0, p.gradient().data(), 0, g.length);
            }
            optimizer.step(parameters);
        }
        return parameters;
    }

    /** Checks p against PyTorch's values; measured now, asserted later, so that one failure does not hide the others. */
    private static Executable matches(float[] expected, Parameter p, String name) {
        float[] actual = p.value().data();
        assertEquals(expected.length, p.size(), name);
        float worst = 0, largest = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
            largest = Math.max(largest, Math.abs(expected[i]));
        }
        float ulp = Math.ulp(largest), difference = worst, scale = largest;
        System.out.printf("OptimizerPyTorchTest: %s, %s: largest |nn - PyTorch| after %d steps = %.3g (%.1f ulp of the "
                + "largest |w|, %.3g)%n", name, p.name(), STEPS, worst, worst / ulp, largest);
        return () -> assertTrue(difference <= ULPS * ulp, name + ", " + p.name() + ": differs from PyTorch's by "
                + difference + ", more than " + ULPS + " ulp of its largest value " + scale);
    }
}

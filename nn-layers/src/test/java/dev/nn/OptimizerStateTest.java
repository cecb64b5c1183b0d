package dev.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nn.core.Rng;
import dev.nn.layers.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** An optimizer's state read with {@link Optimizer#state} and set with {@link Optimizer#setState}. */
class OptimizerStateTest {

    @Test
    void anOptimizerGivenAnothersStateContinuesAsThatOneWould() {
        List<Supplier<Optimizer>> kinds = List.of(() -> Optimizer.momentum(0.05f, 0.9f), () -> Optimizer.nesterov(0.05f, 0.9f),
                () -> Optimizer.adam(0.05f), () -> Optimizer.adamW(0.05f, 0.1f), () -> Optimizer.rmsprop(0.05f));
        for (Supplier<Optimizer> kind : kinds) {
            List<Parameter> original = parameters(1);
            Optimizer first = kind.get();
            for (int step = 0; step < 3; step++) {
                first.step(withGradients(original, 10 + step));
            }
            List<Parameter> moved = copies(original);
            Optimizer second = kind.get();
            second.setState(moved, first.state(original));
            for (int step = 3; step < 6; step++) {
                first.step(withGradients(original, 10 + step));
                second.step(withGradients(moved, 10 + step));
            }
            for (int i = 0; i < original.size(); i++) {
                assertArrayEquals(original.get(i).value().toArray(), moved.get(i).value().toArray(), first.toString());
            }
            // Without the state, the same steps end elsewhere: the comparison above has something to see.
            List<Parameter> fresh = copies(parameters(1));
            Optimizer third = kind.get();
            for (int step = 0; step < 3; step++) {
                third.step(withGradients(fresh, 10 + step));
            }
            List<Parameter> restarted = copies(fresh);
            Optimizer fourth = kind.get();
            for (int step = 3; step < 6; step++) {
                fourth.step(withGradients(restarted, 10 + step));
            }
            assertFalse(Arrays.equals(original.getFirst().value().toArray(), restarted.getFirst().value().toArray()), first.toString());
        }
    }

    @Test
    void adamsStepCountTravelsWithItsMoments() {
        List<Parameter> params = parameters(2);
        Optimizer adam = Optimizer.adam(0.01f);
        for (int step = 0; step < 4; step++) {
            adam.step(withGradients(params, step));
        }
        Optimizer.State state = adam.state(params);
        assertEquals(4, state.steps());
        assertEquals(2, state.arrays().getFirst().length, "m and v");

        // The same moments at another step count take another step: the bias corrections differ.
        List<Parameter> atFour = copies(params), atOne = copies(params);
        Optimizer four = Optimizer.adam(0.01f), one = Optimizer.adam(0.01f);
        four.setState(atFour, state);
        one.setState(atOne, new Optimizer.State(1, state.arrays()));
        four.step(withGradients(atFour, 9));
        one.step(withGradients(atOne, 9));
        assertEquals(5, four.state(atFour).steps());
        assertFalse(Arrays.equals(atFour.getFirst().value().toArray(), atOne.getFirst().value().toArray()));
    }

    @Test
    void theStateIsACopyWithZerosForParametersNotSteppedYet() {
        List<Parameter> params = parameters(3);
        Optimizer momentum = Optimizer.momentum(0.1f, 0.9f);
        Optimizer.State before = momentum.state(params);
        assertEquals(0, before.steps(), "momentum counts no steps");
        assertArrayEquals(new float[params.getFirst().size()], before.arrays().getFirst()[0]);

        momentum.step(withGradients(params, 1));
        Optimizer.State after = momentum.state(params);
        float[] velocity = after.arrays().getFirst()[0].clone();
        assertArrayEquals(params.getFirst().gradient().toArray(), velocity, "the first velocity is the gradient");
        momentum.step(withGradients(params, 2));
        assertArrayEquals(velocity, after.arrays().getFirst()[0], "a later step does not change a state given out");

        after.arrays().getFirst()[0][0] = 1e6f;
        assertFalse(momentum.state(params).arrays().getFirst()[0][0] == 1e6f, "changing a state given out changes nothing");
        assertEquals(0, Optimizer.sgd(0.1f).state(params).arrays().getFirst().length, "plain SGD keeps no arrays");
    }

    @Test
    void aStateThatDoesNotFitIsRefusedAndChangesNothing() {
        List<Parameter> params = parameters(4);
        Optimizer adam = Optimizer.adam(0.01f);
        adam.step(withGradients(params, 1));
        Optimizer.State good = adam.state(params);
        float[][] first = good.arrays().getFirst();

        Messages.assertMessage("a state of 1 parameters' arrays does not fit 2 parameters",
                () -> adam.setState(params, new Optimizer.State(3, List.<float[][]>of(first))));
        Messages.assertMessage("keeps 2 arrays per parameter [exp_avg, exp_avg_sq], but the state gives parameter 0 (w) 1",
                () -> adam.setState(params, new Optimizer.State(3, List.of(new float[][] {first[0]}, good.arrays().get(1)))));
        Messages.assertMessage("parameter 1 (b) has 3 values, but its exp_avg_sq array in the state 2",
                () -> adam.setState(params, new Optimizer.State(3, List.of(first, new float[][] {new float[3], new float[2]}))));
        Messages.assertMessage("a step count must be in [0, 2147483647] but was -1",
                () -> adam.setState(params, new Optimizer.State(-1, good.arrays())));
        Messages.assertMessage("momentum counts no steps, but was given 2",
                () -> Optimizer.momentum(0.1f, 0.9f).setState(params, new Optimizer.State(2, List.<float[][]>of(new float[][] {new float[6]},
                        new float[][] {new float[3]}))));

        Optimizer.State unchanged = adam.state(params);
        assertEquals(1, unchanged.steps());
        for (int i = 0; i < params.size(); i++) {
            for (int s = 0; s < 2; s++) {
                assertArrayEquals(good.arrays().get(i)[s], unchanged.arrays().get(i)[s]);
            }
        }
        Optimizer own = parameters -> { };
        assertThrows(UnsupportedOperationException.class, () -> own.state(params));
        assertThrows(UnsupportedOperationException.class, () -> own.setState(params, good));
    }

    /** A weight of 6 values and a bias of 3, random from the seed. */
    private static List<Parameter> parameters(long seed) {
        Rng rng = new Rng(seed);
        Parameter w = new Parameter("w", 2, 3), b = new Parameter("b", 3);
        for (Parameter p : List.of(w, b)) {
            rng.fillUniform(p.value().data(), 0, p.size(), -0.5f, 0.5f);
        }
        return List.of(w, b);
    }

    private static List<Parameter> copies(List<Parameter> params) {
        return params.stream().map(p -> {
            Parameter copy = new Parameter(p.name(), p.value().shape());
            System.arraycopy(p.value().data(), 0, copy.value().data(), 0, p.size());
            return copy;
        }).toList();
    }

    /** The parameters, their gradients set to values random from the seed. */
    private static List<Parameter> withGradients(List<Parameter> params, long seed) {
        Rng rng = new Rng(seed);
        for (Parameter p : params) {
            rng.fillUniform(p.gradient().data(), 0, p.size(), -0.5f, 0.5f);
        }
        return params;
    }
}

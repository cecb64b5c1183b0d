package dev.nn.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.Backend;
import dev.nn.core.kernels.Gemm;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-time decision between the Vector API and the scalar twins, in fresh JVMs. */
class VectorSupportTest {
    /** The test JVM runs the kernels it was asked for: the Vector API's, unless -Dnn.vector=false (a CI run). */
    @Test
    void testJvmRunsTheKernelsItWasAskedFor() {
        boolean scalarAsked = "false".equalsIgnoreCase(System.getProperty(VectorSupport.PROPERTY, "true").trim());
        assertEquals(!scalarAsked, Backend.vectorized(), Backend.description());
        assertTrue(Backend.description().startsWith(scalarAsked ? "scalar" : "Vector API, "), Backend.description());
    }

    @Test
    void withoutTheModuleItFallsBackAndSaysHowToEnable() throws Exception {
        Result r = run(onClassPath());
        assertEquals("false 58.0", r.stdout.strip());
        String expected = "[nn] using scalar kernels: module jdk.incubator.vector is not loaded; "
                + "start java with --add-modules=jdk.incubator.vector to enable the SIMD kernels";
        assertEquals(List.of(expected), nnLines(r.stderr));
    }

    @Test
    void systemPropertyForcesTheScalarPath() throws Exception {
        Result r = run(onClassPath("--add-modules=jdk.incubator.vector", "-Dnn.vector=false"));
        assertEquals("false 58.0", r.stdout.strip());
        assertEquals(List.of("[nn] using scalar kernels: forced by -Dnn.vector=false"), nnLines(r.stderr));
    }

    @Test
    void withTheModuleItLogsNothing() throws Exception {
        Result r = run(onClassPath("--add-modules=jdk.incubator.vector"));
        assertEquals("true 58.0", r.stdout.strip());
        assertEquals(List.of(), nnLines(r.stderr));
    }

    @Test
    void onTheModulePathTheModuleDescriptorBringsTheVectorApi() throws Exception {
        Result r = run(List.of("--module-path", location(Gemm.class), "--patch-module",
                "dev.nn.core=" + location(Probe.class), "-m", "dev.nn.core/" + Probe.class.getName()));
        assertEquals("true 58.0", r.stdout.strip());
        assertEquals(List.of(), nnLines(r.stderr));
    }

    /** JVM arguments that run {@link Probe} from the class path, after the given options. */
    private static List<String> onClassPath(String... options) {
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(List.of("-cp", location(Gemm.class) + File.pathSeparator + location(Probe.class), Probe.class.getName()));
        return args;
    }

    /** The directory or jar a class was loaded from: nn-core's classes, or its test classes. */
    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a new JVM with the given arguments. */
    private static Result run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(arguments);
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), err);
        return new Result(out, err);
    }

    private static List<String> nnLines(String stderr) {
        return stderr.lines().filter(l -> l.contains("[nn]")).toList();
    }

    private record Result(String stdout, String stderr) {
    }

    /** Multiplies [1 2 3]·[[7 8] [9 10] [11 12]] and prints whether the SIMD path ran and C[0][0]. */
    static final class Probe {
        public static void main(String[] args) {
            float[] c = new float[2];
            Gemm.sgemm(false, false, 1, 2, 3, 1f, new float[] {1, 2, 3}, 0, 3,
                    new float[] {7, 8, 9, 10, 11, 12}, 0, 2, 0f, c, 0, 2);
            System.out.println(Backend.vectorized() + " " + c[0]);
        }
    }
}

package dev.nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java examples, exactly as written there: compiled against the built modules and run
 * in a JVM of their own, in an empty directory, as a user who copied them would.
 */
class ReadmeExamplesTest {
    private static final Path README = Path.of(System.getProperty("basedir", "."), "..", "README.md");

    @Test
    void theQuickStartCompilesRunsTrainsSavesAndReloads(@TempDir Path dir) throws Exception {
        String output = compileAndRun(javaBlockAfter("\n## Quick start\n"), dir);
        assertTrue(output.contains("Total parameters: 27,210"), "no summary:\n" + output);
        assertTrue(output.contains("epoch 1/30  loss"), "no progress lines:\n" + output);
        List<String> accuracy = output.lines().filter(l -> l.startsWith("test accuracy: ") || l.startsWith("reloaded: "))
                .map(l -> l.substring(l.indexOf(": ") + 2)).toList();
        assertEquals(2, accuracy.size(), output);
        assertEquals(accuracy.get(0), accuracy.get(1), "the reloaded model predicts differently");
        assertTrue(Double.parseDouble(accuracy.get(0)) > 0.95, output);
        long epochs = output.lines().filter(l -> l.startsWith("epoch ")).count();
        assertTrue(epochs < 30, "early stopping never stopped:\n" + output);
        assertTrue(Files.exists(dir.resolve("digits.safetensors")));
    }

    @Test
    void theCsvWalkthroughTrainsOnTheUsersFileAndTheLoadedModelNamesARawRow(@TempDir Path dir) throws Exception {
        Files.copy(Path.of(System.getProperty("basedir", "."), "src", "main", "resources", "iris.csv"),
                dir.resolve("my-data.csv"));
        String output = compileAndRun(javaBlockAfter("\n### Your own CSV file\n"), dir);
        assertTrue(output.contains("true \\ predicted") && output.contains("macro avg"), "no metrics table:\n" + output);
        double accuracy = Double.parseDouble(output.lines().filter(l -> l.startsWith("accuracy ")).findFirst()
                .orElseThrow().trim().split("\\s+")[1]);
        assertTrue(accuracy >= 0.85, output);
        assertTrue(output.contains("recall of virginica: "), output);
        // 6.9, 3.1, 5.4, 2.1 is row 141 of Fisher's table, a virginica far from the other species.
        assertTrue(output.contains("predicted: virginica"), output);
        assertTrue(Files.exists(dir.resolve("my-model.safetensors")));
    }

    /** Compiles the source (a public class with a main) in dir and runs it there; its output. */
    private static String compileAndRun(String source, Path dir) throws Exception {
        Matcher name = Pattern.compile("public class (\\w+)").matcher(source);
        assertTrue(name.find(), "no public class in the README's example");
        Path file = dir.resolve(name.group(1) + ".java");
        Files.writeString(file, source);

        String classPath = System.getProperty("java.class.path");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(null, null, null, "--add-modules", "jdk.incubator.vector", "-cp", classPath,
                "-d", dir.toString(), file.toString());
        assertEquals(0, compiled, "the README's " + name.group(1) + " does not compile");

        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "-cp", dir + java.io.File.pathSeparator + classPath, name.group(1))
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, run.waitFor(), output);
        return output;
    }

    /** The first java block after the README's given heading. */
    private static String javaBlockAfter(String heading) throws IOException {
        String readme = Files.readString(README);
        int section = readme.indexOf(heading);
        assertTrue(section >= 0, "the README has no section " + heading.strip());
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        return readme.substring(start, readme.indexOf("```\n", start));
    }
}

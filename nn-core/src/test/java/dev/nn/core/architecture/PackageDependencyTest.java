package dev.nn.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.nn.core.Tensor;
import dev.nn.core.architecture.cycle.a.First;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The package structure of nn-core: no cycles between packages, and the layering the package
 * documentation states (the values below the kernels, the runtime below everything).
 */
class PackageDependencyTest {
    /** Every package its own slice: a cycle between any two packages is a violation. */
    private static final ArchRule NO_PACKAGE_CYCLES = slices().matching("(**)").should().beFreeOfCycles();

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(location(Tensor.class));

    @Test
    void packagesHaveNoCycles() {
        assertTrue(MAIN.containPackage("dev.nn.core.kernels.conv.winograd"), "nn-core's classes were imported");
        NO_PACKAGE_CYCLES.check(MAIN);
    }

    @Test
    void theCycleRuleCatchesACycle() {
        JavaClasses cycle = new ClassFileImporter().importPath(location(First.class))
                .that(JavaClass.Predicates.resideInAPackage("dev.nn.core.architecture.cycle.."));
        assertEquals(2, cycle.size(), "the two classes of the deliberate cycle");
        EvaluationResult result = NO_PACKAGE_CYCLES.evaluate(cycle);
        assertFalse(result.getFailureReport().isEmpty(), "a cycle between two packages went unreported");
    }

    @Test
    void valuesDoNotDependOnKernels() {
        noClasses().that().resideInAPackage("dev.nn.core")
                .should().dependOnClassesThat().resideInAPackage("dev.nn.core.kernels..")
                .check(MAIN);
    }

    @Test
    void runtimeDependsOnNothingElseOfNn() {
        noClasses().that().resideInAPackage("dev.nn.core.runtime")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.nn.core.runtime", "java..", "jdk..")
                .check(MAIN);
    }

    @Test
    void kernelFamiliesDoNotReachBackIntoTheFacades() {
        noClasses().that().resideInAPackage("dev.nn.core.kernels.(*)..")
                .should().dependOnClassesThat().resideInAPackage("dev.nn.core.kernels")
                .check(MAIN);
    }

    /** The directory (or jar) a class was loaded from. */
    private static Path location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

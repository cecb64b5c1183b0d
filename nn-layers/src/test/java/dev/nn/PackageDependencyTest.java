package dev.nn;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.nn.layers.Dense;
import dev.nn.losses.LossFunction;
import org.junit.jupiter.api.Test;

/**
 * The packages of nn-layers depend on each other in one direction, as their package-info files
 * say: {@code dev.nn} (the API) uses the others; {@code dev.nn.io} (model files) uses
 * {@code dev.nn.layers}, {@code dev.nn.losses} and {@code dev.nn.optim}; {@code dev.nn.metrics} uses
 * {@code dev.nn.data}; everything uses nn-core. The main classes only: a test may reach across.
 */
class PackageDependencyTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.nn");

    /** Every package of nn-layers is a slice of its own; nn-core's packages belong to another module. */
    private static final SliceAssignment EACH_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String p = javaClass.getPackageName();
            return p.equals("dev.nn.core") || p.startsWith("dev.nn.core.") ? SliceIdentifier.ignore() : SliceIdentifier.of(p);
        }

        @Override
        public String getDescription() {
            return "each package of nn-layers";
        }
    };

    @Test
    void theImportHoldsTheMainClassesOnly() {
        assertTrue(MAIN.contain(Network.class) && MAIN.contain(Dense.class) && MAIN.contain(LossFunction.class),
                "the main classes of nn-layers were not found");
        assertTrue(MAIN.stream().noneMatch(c -> c.getSimpleName().endsWith("Test")), "test classes were imported");
    }

    @Test
    void noPackageCycles() {
        slices().assignedFrom(EACH_PACKAGE).should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void onlyTheCallbacksDependOnTheApi() {
        noClasses().that().resideOutsideOfPackages("dev.nn", "dev.nn.callbacks")
                .should().dependOnClassesThat().resideInAPackage("dev.nn")
                .check(MAIN);
    }

    @Test
    void eachPackageUsesOnlyWhatItsPackageInfoAllows() {
        classes().that().resideInAPackage("dev.nn.layers")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.nn.layers", "dev.nn.core..", "java..")
                .check(MAIN);
        classes().that().resideInAPackage("dev.nn.io.safetensors")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.nn.io.safetensors", "com.google.gson..", "java..")
                .check(MAIN);
        classes().that().resideInAPackage("dev.nn.io")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.nn.io..", "dev.nn.layers", "dev.nn.losses",
                        "dev.nn.optim", "dev.nn.core..", "com.google.gson..", "java..")
                .check(MAIN);
        classes().that().resideInAPackage("dev.nn.losses")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.nn.losses", "dev.nn.core..", "java..")
                .check(MAIN);
        classes().that().resideInAPackage("dev.nn.optim")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.nn.optim", "dev.nn.core..", "java..")
                .check(MAIN);
        classes().that().resideInAPackage("dev.nn.data")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.nn.data", "dev.nn.core..", "de.siegmar.fastcsv..", "java..")
                .check(MAIN);
        classes().that().resideInAPackage("dev.nn.metrics")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("dev.nn.metrics", "dev.nn.data", "dev.nn.core..", "java..")
                .check(MAIN);
    }
}

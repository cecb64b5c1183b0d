package dev.nn.data;

import static dev.nn.data.TestData.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.Rng;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading tables: headers, label and target columns, class order, quoting, and every error's message. */
class CsvTest {
    private static final String IRIS_LIKE = """
            sepal,petal,species
            5.1,1.4,setosa
            7.0,4.7,versicolor
            6.3,6.0,virginica
            4.9,1.4,setosa
            """;

    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        Path f = Files.createTempFile(dir, "table", ".csv");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void classColumnByNameGivesOneHotTargetsAndSortedClasses() throws IOException {
        TabularData t = Csv.withHeader().classColumn("species").read(file(IRIS_LIKE));
        assertTrue(t.isClassification());
        assertEquals(List.of("sepal", "petal"), t.featureNames());
        assertEquals(List.of("species"), t.targetNames());
        assertEquals(List.of("setosa", "versicolor", "virginica"), t.classes().names());
        assertArrayEquals(new float[] {5.1f, 1.4f, 7.0f, 4.7f, 6.3f, 6.0f, 4.9f, 1.4f}, t.data().inputs().toArray());
        assertArrayEquals(new int[] {4, 3}, t.data().targets().shape());
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0}, t.data().targets().toArray());
    }

    @Test
    void classesAreSortedWhateverTheRowOrder() throws IOException {
        TabularData t = Csv.withHeader().classColumn("y").read(file("x,y\n1,b\n2,c\n3,a\n"));
        assertEquals(List.of("a", "b", "c"), t.classes().names());
        assertArrayEquals(new float[] {0, 1, 0, 0, 0, 1, 1, 0, 0}, t.data().targets().toArray());
    }

    @Test
    void givenClassesMapAFileWithSomeOfThemInAnyOrder() throws IOException {
        ClassLabels model = ClassLabels.sorted(java.util.Set.of("setosa", "versicolor", "virginica"));
        TabularData t = Csv.withHeader().classColumn("species").classes(model)
                .read(file("sepal,petal,species\n6.3,6.0,virginica\n5.1,1.4,setosa\n"));
        assertEquals(model, t.classes());
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0}, t.data().targets().toArray());
        Path unknown = file("sepal,petal,species\n6.3,6.0,virginica\n5.0,1.1,iris\n");
        assertMessage(IllegalArgumentException.class,
                () -> Csv.withHeader().classColumn("species").classes(model).read(unknown),
                unknown.toString(), "line 3", "column 3 \"species\"", "\"iris\" is not one of the classes");
    }

    @Test
    void numericLabelsAreSortedAsNumbers() throws IOException {
        TabularData t = Csv.withoutHeader().classColumn(0).read(file("10,1\n2,1\n9,1\n0,1\n"));
        assertEquals(List.of("0", "2", "9", "10"), t.classes().names());
        TabularData equalNumbers = Csv.withoutHeader().classColumn(0).read(file("1.0,1\n2,1\n1,1\n"));
        assertEquals(List.of("1", "1.0", "2"), equalNumbers.classes().names());
    }

    @Test
    void labelColumnByIndexInAFileWithoutHeader() throws IOException {
        TabularData t = Csv.withoutHeader().classColumn(0).read(file("a,1,2\nb,3,4\n"));
        assertEquals(List.of("column 2", "column 3"), t.featureNames());
        assertEquals(List.of("column 1"), t.targetNames());
        assertArrayEquals(new float[] {1, 2, 3, 4}, t.data().inputs().toArray());
        assertArrayEquals(new float[] {1, 0, 0, 1}, t.data().targets().toArray());
    }

    @Test
    void regressionTargetsInTheChosenOrder() throws IOException {
        TabularData t = Csv.withHeader().targetColumns("b", "a").read(file("a,b,c\n1,2,3\n4,5,6\n"));
        assertFalse(t.isClassification());
        assertNull(t.classes());
        assertEquals(List.of("c"), t.featureNames());
        assertEquals(List.of("b", "a"), t.targetNames());
        assertArrayEquals(new float[] {3, 6}, t.data().inputs().toArray());
        assertArrayEquals(new int[] {2, 2}, t.data().targets().shape());
        assertArrayEquals(new float[] {2, 1, 5, 4}, t.data().targets().toArray());
    }

    @Test
    void regressionTargetByIndexWithAnotherSeparator() throws IOException {
        TabularData t = Csv.withoutHeader().separator(';').targetColumns(2).read(file("1;2;3\n4;5;6\n"));
        assertArrayEquals(new float[] {1, 2, 4, 5}, t.data().inputs().toArray());
        assertArrayEquals(new float[] {3, 6}, t.data().targets().toArray());
    }

    @Test
    void quotedFieldsSpacesExponentsAndEmptyLines() throws IOException {
        TabularData t = Csv.withHeader().classColumn("name")
                .read(file("\"x\", name \n\" 1.5 \",\"a, \"\"quoted\"\" label\"\n\n2e-3, plain \r\n"));
        assertArrayEquals(new float[] {1.5f, 2e-3f}, t.data().inputs().toArray());
        assertEquals(List.of("a, \"quoted\" label", "plain"), t.classes().names());
    }

    @Test
    void errorsNameTheFileLineColumnAndValue() throws IOException {
        Path f = file("a,b,label\n1,2,x\n3,abc,y\n");
        assertMessage(IllegalArgumentException.class, () -> Csv.withHeader().classColumn("label").read(f),
                f.toString(), "line 3", "column 2 \"b\"", "\"abc\" is not a number");
        Path missing = file("a,b,label\n1,,x\n");
        assertMessage(IllegalArgumentException.class, () -> Csv.withHeader().classColumn("label").read(missing),
                "line 2", "column 2 \"b\"", "missing");
        Path missingLabel = file("a,b,label\n1,2,\n");
        assertMessage(IllegalArgumentException.class, () -> Csv.withHeader().classColumn("label").read(missingLabel),
                "line 2", "column 3 \"label\"", "missing");
        Path infinite = file("1,1e99\n");
        assertMessage(IllegalArgumentException.class, () -> Csv.withoutHeader().targetColumns(0).read(infinite),
                "line 1", "column 2", "\"1e99\" is not a finite float");
        Path nan = file("NaN,1\n");
        assertMessage(IllegalArgumentException.class, () -> Csv.withoutHeader().targetColumns(1).read(nan),
                "line 1", "column 1", "\"NaN\"");
    }

    @Test
    void lineNumbersCountTheLinesOfMultiLineFields() throws IOException {
        Path f = file("x,label\n1,\"two\nlines\"\nbad,y\n");
        assertMessage(IllegalArgumentException.class, () -> Csv.withHeader().classColumn("label").read(f),
                "line 4", "\"bad\"");
    }

    @Test
    void raggedRowsAreRefused() throws IOException {
        Path shorter = file("a,b,c\n1,2,3\n4,5\n");
        assertMessage(IllegalArgumentException.class, () -> Csv.withHeader().targetColumns("c").read(shorter),
                "line 3 has 2 fields", "3 columns");
        Path longer = file("1,2\n3,4,5\n");
        assertMessage(IllegalArgumentException.class, () -> Csv.withoutHeader().targetColumns(0).read(longer),
                "line 2 has 3 fields", "2 columns");
    }

    @Test
    void badFilesAndColumnChoicesAreRefused() throws IOException {
        Path empty = file("");
        assertMessage(IllegalArgumentException.class, () -> Csv.withHeader().classColumn("y").read(empty),
                empty.toString(), "is empty");
        Path headerOnly = file("x,y\n");
        assertMessage(IllegalArgumentException.class, () -> Csv.withHeader().classColumn("y").read(headerOnly),
                "no rows");
        Path twice = file("x,y,x\n1,2,3\n");
        assertMessage(IllegalArgumentException.class, () -> Csv.withHeader().classColumn("y").read(twice),
                "names \"x\" twice", "columns 1 and 3");
        Path table = file("x,y\n1,2\n");
        assertMessage(IllegalArgumentException.class, () -> Csv.withHeader().classColumn("species").read(table),
                "no column \"species\"", "[x, y]");
        assertMessage(IllegalArgumentException.class, () -> Csv.withHeader().classColumn(2).read(table),
                "column index 2 is outside", "indices 0 to 1");
        assertMessage(IllegalArgumentException.class, () -> Csv.withHeader().targetColumns("x", "y").read(table),
                "none is left as a feature");
        assertMessage(IllegalArgumentException.class, () -> Csv.withHeader().targetColumns(1, 1).read(table),
                "column 2 \"y\" is chosen as a target twice");
        assertMessage(IllegalStateException.class, () -> Csv.withHeader().read(table), "choose the class column");
        assertThrows(IllegalStateException.class, () -> Csv.withoutHeader().classColumn("y"));
        Path badQuote = file("x,y\n1,\"2\"3\n");
        assertMessage(IllegalArgumentException.class, () -> Csv.withHeader().targetColumns("y").read(badQuote),
                badQuote.toString(), "not well-formed CSV");
    }

    @Test
    void aHundredThousandRowsLoadWhole() throws IOException {
        int rows = 100_000;
        Rng rng = new Rng(7);
        float[] expected = new float[rows * 4];
        Path f = dir.resolve("large.csv");
        try (Writer w = Files.newBufferedWriter(f)) {
            w.write("a,b,c,d,class\n");
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < 4; c++) {
                    expected[r * 4 + c] = rng.uniform(-10, 10);
                    w.write(expected[r * 4 + c] + ",");
                }
                w.write("k" + r % 3 + "\n");
            }
        }
        TabularData t = Csv.withHeader().classColumn("class").read(f);
        assertArrayEquals(expected, t.data().inputs().toArray());
        assertEquals(List.of("k0", "k1", "k2"), t.classes().names());
        assertEquals(1f, t.data().targets().get(rows - 1, (rows - 1) % 3));
    }
}

package dev.nn.core;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Asserts that bad arguments are rejected with a message that says what was wrong. */
public final class ErrorMessages {
    private ErrorMessages() {
    }

    /** Asserts that {@code call} throws an IllegalArgumentException whose message contains {@code expected}. */
    @SuppressWarnings("exports") // JUnit's Executable is on the class path: tests alone call this
    public static void assertMessage(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' should contain '" + expected + "'");
    }
}

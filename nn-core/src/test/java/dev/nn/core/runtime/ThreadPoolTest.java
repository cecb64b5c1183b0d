package dev.nn.core.runtime;

import static dev.nn.core.ErrorMessages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.Backend;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThreadPoolTest {
    private final int before = Backend.threads();

    @AfterEach
    void restore() {
        Backend.setThreads(before);
    }

    @Test
    void everyTaskRunsExactlyOnceOnSeveralThreads() {
        Backend.setThreads(3);
        AtomicIntegerArray runs = new AtomicIntegerArray(1000);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        for (int round = 0; round < 50; round++) {
            ThreadPool.run(1000, i -> {
                runs.incrementAndGet(i);
                threads.add(Thread.currentThread());
                busyWork();
            });
        }
        for (int i = 0; i < 1000; i++) {
            assertEquals(50, runs.get(i), "task " + i);
        }
        assertTrue(threads.contains(Thread.currentThread()), "the caller takes part");
    }

    @Test
    void nestedRunsExecuteInline() {
        Backend.setThreads(2);
        AtomicIntegerArray inner = new AtomicIntegerArray(4 * 8);
        ThreadPool.run(4, i -> ThreadPool.run(8, j -> inner.incrementAndGet(i * 8 + j)));
        for (int k = 0; k < 32; k++) {
            assertEquals(1, inner.get(k));
        }
    }

    @Test
    void aFailingTaskFailsTheRunAndThePoolKeepsWorking() {
        Backend.setThreads(2);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ThreadPool.run(10, i -> {
                    if (i == 7) {
                        throw new IllegalStateException("task 7");
                    }
                }));
        assertEquals("task 7", e.getMessage());
        AtomicIntegerArray runs = new AtomicIntegerArray(10);
        ThreadPool.run(10, runs::incrementAndGet);
        assertEquals(1, runs.get(9));
    }

    @Test
    void threadCountMustBePositive() {
        assertMessage("the thread count must be at least 1, got 0", () -> Backend.setThreads(0));
    }

    private static void busyWork() {
        double x = 1;
        for (int i = 0; i < 200; i++) {
            x = Math.sqrt(x + i);
        }
        if (x < 0) {
            throw new AssertionError();
        }
    }
}

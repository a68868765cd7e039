package com.riskpolicy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HTTP harness's split of the service's CPU by threads: what each group's threads used between
 * two readings, counting a thread that started in between whole and leaving out one that ended (so
 * that a worker thread Quarkus ended while a run was measured cannot make its group negative).
 */
class MachineLoadTest {

    @Test
    void a_group_gets_what_its_threads_used_between_the_readings() {
        Map<Long, MachineLoad.ThreadCpu> before = Map.of(
                1L, thread("executor-thread-1", 100),
                2L, thread("vert.x-eventloo", 50),
                3L, thread("executor-thread-2", 700));
        Map<Long, MachineLoad.ThreadCpu> after = Map.of(
                1L, thread("executor-thread-1", 130),
                2L, thread("vert.x-eventloo", 50),
                4L, thread("executor-thread-3", 40));

        Map<String, Duration> used = MachineLoad.threadCpuBetween(before, after, HttpCheckBenchmark::threadGroup);

        assertEquals(Duration.ofMillis(70), used.get("workers"), "30 ms of a thread that ran on, 40 of one that started");
        assertEquals(Duration.ZERO, used.get("event loops"));
        assertFalse(used.containsKey("log writer"), "no thread of that group ran");
    }

    @Test
    void threads_are_grouped_by_their_names_as_linux_shows_them() {
        assertEquals("workers", HttpCheckBenchmark.threadGroup("executor-thread"));
        assertEquals("event loops", HttpCheckBenchmark.threadGroup("vert.x-eventloo"));
        assertEquals("log writer", HttpCheckBenchmark.threadGroup("decision-log-wr"));
        assertEquals("account stamps", HttpCheckBenchmark.threadGroup("account-stamps"));
        assertEquals("JIT", HttpCheckBenchmark.threadGroup("C2 CompilerThre"));
        assertEquals("GC", HttpCheckBenchmark.threadGroup("GC Thread#0"));
        assertEquals("GC", HttpCheckBenchmark.threadGroup("G1 Conc#0"));
        assertEquals("other", HttpCheckBenchmark.threadGroup("cluster-heartbe"));
    }

    private static MachineLoad.ThreadCpu thread(String name, long millis) {
        return new MachineLoad.ThreadCpu(name, Duration.ofMillis(millis));
    }
}

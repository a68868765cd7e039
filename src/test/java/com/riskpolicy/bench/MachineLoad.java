package com.riskpolicy.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * How busy the machine was while a benchmark measured: the load average, and the cores used by the
 * processes of the benchmark against those used by everything else. Other builds share this
 * machine, so a figure measured while other processes took a noticeable share of the cores is
 * flagged as disturbed. Reads {@code /proc}; elsewhere it reports what it can.
 */
final class MachineLoad {

    static final int CORES = Runtime.getRuntime().availableProcessors();

    /** Cores that other processes may use before a measurement counts as disturbed. */
    static final double DISTURBED_CORES = 0.25;

    /** Linux reports /proc/stat in USER_HZ ticks, 100 per second on every mainstream kernel. */
    private static final double TICKS_PER_SECOND = 100.0;

    private MachineLoad() {
    }

    /** CPU counters of the machine and of the named groups of processes, process by process, at one instant. */
    record Sample(long nanos, long machineBusyTicks, List<List<Duration>> processCpu) {
    }

    /**
     * What happened between two samples.
     *
     * @param processCores cores used by each process or group of processes given to {@link #sample}, in
     *                     that order
     * @param otherCores   cores used by every other process on the machine; -1 when unknown
     */
    record Usage(double seconds, double machineCores, List<Double> processCores, double otherCores, String loadAverage) {

        boolean disturbed() {
            return otherCores > DISTURBED_CORES;
        }

        String describe(List<String> names) {
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "machine %.2f of %d cores busy (", machineCores, CORES));
            for (int i = 0; i < names.size(); i++) {
                text.append(String.format(Locale.ROOT, "%s %.2f, ", names.get(i), processCores.get(i)));
            }
            text.append(otherCores < 0 ? "others ?" : String.format(Locale.ROOT, "others %.2f", otherCores));
            text.append("); load average ").append(loadAverage);
            return text.toString();
        }
    }

    static Sample sample(ProcessHandle... processes) {
        return sample(Arrays.stream(processes).map(List::of).toList());
    }

    /**
     * The counters of groups of processes (the nodes of a service, a database server and its
     * backends), each reported as one. A process's CPU is the utime and stime of its
     * {@code /proc/<pid>/stat}, which is what {@link ProcessHandle.Info#totalCpuDuration} reads on Linux.
     * Give {@link #between} samples of the same groups: a process that ends between them counts as
     * having used nothing in between, rather than as giving back all the time it had used.
     */
    static Sample sample(List<List<ProcessHandle>> groups) {
        List<List<Duration>> cpu = new ArrayList<>(groups.size());
        for (List<ProcessHandle> group : groups) {
            cpu.add(group.stream().map(process -> process.info().totalCpuDuration().orElse(Duration.ZERO)).toList());
        }
        return new Sample(System.nanoTime(), machineBusyTicks(), cpu);
    }

    static Usage between(Sample from, Sample to) {
        double seconds = (to.nanos() - from.nanos()) / 1e9;
        List<Double> processCores = new ArrayList<>();
        double ours = 0;
        for (int i = 0; i < from.processCpu().size(); i++) {
            long nanos = 0;
            for (int p = 0; p < from.processCpu().get(i).size(); p++) {
                nanos += Math.max(0, to.processCpu().get(i).get(p).minus(from.processCpu().get(i).get(p)).toNanos());
            }
            double cores = nanos / 1e9 / seconds;
            processCores.add(cores);
            ours += cores;
        }
        boolean known = from.machineBusyTicks() >= 0 && to.machineBusyTicks() >= 0;
        double machine = known ? (to.machineBusyTicks() - from.machineBusyTicks()) / TICKS_PER_SECOND / seconds : -1;
        double others = known ? Math.max(0, machine - ours) : -1;
        return new Usage(seconds, machine, processCores, others, loadAverage());
    }

    /**
     * Pauses that a thread doing nothing but read the clock sees: the virtual machine, interrupts and
     * other processes take the core away now and then. No decision can be timed below what these
     * pauses add, so the in-process benchmark prints them next to its percentiles.
     *
     * @param perSecond pauses per second longer than 10, 20, 50, 100 and 1,000 µs
     * @param lostShare share of the time lost in pauses longer than 5 µs
     */
    record Jitter(double[] perSecond, double lostShare) {

        static final long[] THRESHOLDS_NANOS = {10_000, 20_000, 50_000, 100_000, 1_000_000};

        String describe() {
            return String.format(Locale.ROOT, "pauses per second > 10 µs: %.0f, > 20 µs: %.0f, > 50 µs: %.0f, > 100 µs: %.0f,"
                    + " > 1 ms: %.1f; %.1f%% of the time lost", perSecond[0], perSecond[1], perSecond[2], perSecond[3],
                    perSecond[4], 100 * lostShare);
        }
    }

    /** Spins on {@link System#nanoTime()} for {@code seconds} and counts the gaps between readings. */
    static Jitter jitter(double seconds) {
        long[] counts = new long[Jitter.THRESHOLDS_NANOS.length];
        long lost = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long last = start;
        long now;
        do {
            now = System.nanoTime();
            long gap = now - last;
            last = now;
            if (gap > 5_000) {
                lost += gap;
                for (int i = 0; i < counts.length && gap > Jitter.THRESHOLDS_NANOS[i]; i++) {
                    counts[i]++;
                }
            }
        } while (now < end);
        double elapsed = (now - start) / 1e9;
        double[] perSecond = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            perSecond[i] = counts[i] / elapsed;
        }
        return new Jitter(perSecond, lost / 1e9 / elapsed);
    }

    /**
     * CPU time of a process's threads whose name starts with {@code prefix} (Linux shows the first
     * 15 characters of a thread's name); zero when there are none or {@code /proc} cannot tell.
     */
    static Duration threadCpu(ProcessHandle process, String prefix) {
        return threads(process).values().stream().filter(thread -> thread.name().startsWith(prefix))
                .map(ThreadCpu::cpu).reduce(Duration.ZERO, Duration::plus);
    }

    /** One thread's name as Linux shows it (its first 15 characters) and the CPU time it has used. */
    record ThreadCpu(String name, Duration cpu) {
    }

    /** A process's threads by id, at one instant; empty when {@code /proc} cannot tell. */
    static Map<Long, ThreadCpu> threads(ProcessHandle process) {
        Map<Long, ThreadCpu> threads = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String[] fields = stat.substring(close + 2).trim().split("\\s+");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                    threads.put(Long.parseLong(task.getFileName().toString()), new ThreadCpu(stat.substring(open + 1, close),
                            Duration.ofMillis(Math.round(ticks * 1000 / TICKS_PER_SECOND))));
                } catch (IOException | RuntimeException threadEnded) {
                    // the thread ended while the list was read
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return threads;
    }

    /**
     * CPU time the threads used between two readings of {@link #threads}, by group: {@code groupOf}
     * names a thread's group by its name. A thread that ended in between is not counted (the kernel
     * no longer shows it): Quarkus ends idle worker threads, so a group's figure is a lower bound.
     */
    static Map<String, Duration> threadCpuBetween(Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after,
                                                  Function<String, String> groupOf) {
        Map<String, Duration> cpu = new HashMap<>();
        after.forEach((id, thread) -> {
            ThreadCpu earlier = before.get(id);
            Duration used = earlier == null ? thread.cpu() : thread.cpu().minus(earlier.cpu());
            cpu.merge(groupOf.apply(thread.name()), used, Duration::plus);
        });
        return cpu;
    }

    /** Garbage collections of this JVM so far, all collectors together: {count, milliseconds}. */
    static long[] gc() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, collector.getCollectionCount());
            millis += Math.max(0, collector.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    /** The 1, 5 and 15 minute load averages, as {@code uptime} shows them. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** Busy ticks of all cores: user + nice + system + irq + softirq + steal; -1 when unknown. */
    private static long machineBusyTicks() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] fields = first.trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(fields[i]);
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}

package com.riskpolicy.bench;

import com.riskpolicy.decision.Decision;
import com.riskpolicy.decision.DecisionObserver;
import com.riskpolicy.decision.DecisionSource;
import com.riskpolicy.decision.PolicyService;
import com.riskpolicy.decisionlog.DecisionLogJson;
import com.riskpolicy.decisionlog.LoggedDecision;
import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.RuleSet;
import com.riskpolicy.rules.RuleSetCompiler;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;

/**
 * What writing a decision's two log documents (input facts and decision) costs the deciding
 * thread, by Jackson data binding and by a hand-written streaming writer, in the same JVM on the
 * same decisions: the decisions of {@link DecisionBenchmark}'s two workloads. Both writers are held
 * to the same text first. The two alternate second by second, in warm-up and measurement alike,
 * so both run on the same JIT profile; per decision it prints the mean CPU time (the thread's, from
 * {@link java.lang.management.ThreadMXBean}), the bytes allocated and the characters written.
 *
 * <p>Not a unit test: {@code ./mvnw -B -Pbenchmark verify -DskipTests -Dbench=json} (BENCHMARKS.md).
 * System properties: {@code bench} (json | all), {@code bench.seconds} (measured seconds per writer,
 * default 15), {@code bench.warmup.seconds} (per writer, default 10), {@code bench.accounts}
 * (default 400), {@code bench.rules} (default {@code rules}).
 */
public final class LogJsonBenchmark {

    private static final int CASES = 8_192;

    /** Written once at the end so the JIT cannot prove the documents unused. */
    static volatile long sink;

    private LogJsonBenchmark() {
    }

    /** One way of writing both documents of a decision, and what its measured seconds added up to. */
    private static final class Writer {
        final String name;
        final Function<LoggedDecision, String> input;
        final Function<LoggedDecision, String> decision;
        long decisions;
        long cpuNanos;
        long allocated;
        long chars;
        int next;

        Writer(String name, Function<LoggedDecision, String> input, Function<LoggedDecision, String> decision) {
            this.name = name;
            this.input = input;
            this.decision = decision;
        }
    }

    public static void main(String[] args) throws Exception {
        if (!Selection.runs("json", "decision-log JSON benchmark")) {
            return;
        }
        int seconds = Integer.getInteger("bench.seconds", 15);
        int warmupSeconds = Integer.getInteger("bench.warmup.seconds", 10);
        int accountCount = Integer.getInteger("bench.accounts", 400);
        DecisionBenchmark.configureLogging();
        RuleEngine engine = new RuleEngine(new RuleSetCompiler(2, 10_000),
                Path.of(System.getProperty("bench.rules", "rules")));
        RuleSet rules = engine.reload();
        PolicyService policy = new PolicyService(engine, DecisionObserver.NONE);

        Random random = new Random(20241125L);
        List<AccountSnapshot> accounts = new ArrayList<>(accountCount);
        for (int i = 0; i < accountCount; i++) {
            accounts.add(DecisionBenchmark.account(i, random));
        }
        List<DecisionBenchmark.Case> cases = new ArrayList<>(
                DecisionBenchmark.cases(accounts, CASES / 2, random, DecisionBenchmark::switchRequest));
        cases.addAll(DecisionBenchmark.cases(accounts, CASES / 2, random, DecisionBenchmark::openingRequest));
        LoggedDecision[] logged = new LoggedDecision[cases.size()];
        for (int i = 0; i < logged.length; i++) {
            DecisionBenchmark.Case c = cases.get(i);
            Decision decision = policy.decide(DecisionSource.CHECK, rules, c.account(), c.request()).decision();
            logged[i] = new LoggedDecision(DecisionSource.CHECK, c.account(), c.request(), decision, 1_000, "platform");
        }

        Writer[] writers = {
                new Writer("data binding", DecisionLogJson::input, l -> DecisionLogJson.decision(l.decision())),
                new Writer("streaming", StreamingLogJson::input, l -> StreamingLogJson.decision(l.decision()))};
        int differ = 0;
        for (LoggedDecision l : logged) {
            if (!writers[0].input.apply(l).equals(writers[1].input.apply(l))
                    || !writers[0].decision.apply(l).equals(writers[1].decision.apply(l))) {
                differ++;
            }
        }
        System.out.printf(Locale.ROOT, "[bench] %d decisions (%d accounts); the two writers wrote different text for %d%n",
                logged.length, accounts.size(), differ);
        if (differ > 0) {
            throw new IllegalStateException("the writers do not write the same documents: nothing to compare");
        }

        System.out.printf("[bench] warming up: %d s of each writer, alternating second by second ...%n", warmupSeconds);
        for (int second = 0; second < warmupSeconds; second++) {
            for (Writer writer : writers) {
                run(writer, logged, false);
            }
        }
        System.out.printf("[bench] measuring: %d s of each writer on one thread, alternating second by second ...%n", seconds);
        MachineLoad.Sample loadBefore = MachineLoad.sample(ProcessHandle.current());
        for (int second = 0; second < seconds; second++) {
            for (Writer writer : writers) {
                run(writer, logged, true);
            }
        }
        MachineLoad.Usage usage = MachineLoad.between(loadBefore, MachineLoad.sample(ProcessHandle.current()));
        print(writers, usage);
    }

    /** Writes both documents of one decision after the other for about a second, going on where it left off. */
    private static void run(Writer writer, LoggedDecision[] logged, boolean measured) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long end = System.nanoTime() + 1_000_000_000L;
        long chars = 0;
        long decisions = 0;
        int next = writer.next;
        do {
            for (int i = 0; i < 256; i++) {
                LoggedDecision l = logged[next];
                next = next + 1 == logged.length ? 0 : next + 1;
                chars += writer.input.apply(l).length() + writer.decision.apply(l).length();
            }
            decisions += 256;
        } while (System.nanoTime() < end);
        long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        writer.next = next;
        sink += chars;
        if (measured) {
            writer.decisions += decisions;
            writer.cpuNanos += cpu;
            writer.allocated += allocated;
            writer.chars += chars;
        }
    }

    private static void print(Writer[] writers, MachineLoad.Usage usage) {
        String line = "-".repeat(86);
        System.out.println();
        System.out.println("Decision-log JSON, both documents of a decision, one thread");
        System.out.println(line);
        System.out.printf(Locale.ROOT, "%-14s %12s %16s %18s %18s%n", "writer", "decisions", "CPU µs/decision",
                "bytes alloc/decision", "chars/decision");
        System.out.println(line);
        for (Writer w : writers) {
            System.out.printf(Locale.ROOT, "%-14s %12d %16.2f %18.0f %18.0f%n", w.name, w.decisions,
                    w.cpuNanos / 1e3 / w.decisions, (double) w.allocated / w.decisions, (double) w.chars / w.decisions);
        }
        System.out.println(line);
        double ratio = (writers[0].cpuNanos / (double) writers[0].decisions) / (writers[1].cpuNanos / (double) writers[1].decisions);
        System.out.printf(Locale.ROOT, "data binding takes %.2f times the CPU of the streaming writer per decision%n", ratio);
        System.out.println("Load while measuring: " + usage.describe(List.of("benchmark")));
        if (usage.disturbed()) {
            System.out.printf(Locale.ROOT, "WARNING: other processes used %.2f cores while this was measured;"
                    + " the figures may be disturbed, re-run on a quieter machine%n", usage.otherCores());
        }
        System.out.println("[bench] sink " + sink);
    }
}

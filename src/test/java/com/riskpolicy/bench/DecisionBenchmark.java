package com.riskpolicy.bench;

import com.riskpolicy.decision.Decided;
import com.riskpolicy.decision.Decision;
import com.riskpolicy.decision.DecisionObserver;
import com.riskpolicy.decision.PolicyService;
import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.ActionRequest;
import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.Order;
import com.riskpolicy.domain.OrderSide;
import com.riskpolicy.domain.Position;
import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.domain.fact.Violation;
import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.RuleSet;
import com.riskpolicy.rules.RuleSetCompiler;
import io.quarkus.bootstrap.logging.InitialConfigurator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.ToDoubleFunction;
import java.util.logging.Handler;
import java.util.logging.Level;
import org.HdrHistogram.Histogram;
import org.jboss.logmanager.LogContext;

/**
 * In-process decision benchmark: {@link PolicyService#decide} on ONE thread over the shipped
 * {@code rules/} folder, for a margin-mode switch and for opening a position, each over a few hundred
 * distinct accounts and a mix of ALLOW and DENY. Prints decisions per second over a fixed measured
 * duration and the latency of every single decision (HdrHistogram), and compares them with issue 15's
 * targets ({@link Target}: a switch at least 400,000 decisions/s; an opening at least 250,000/s, p99 at
 * most 15 µs and at most 6,000 bytes allocated).
 *
 * <p>Beside it, in the same JVM on the same requests, the baseline of issue 15: the same decisions
 * hand-written in plain Java ({@link HandWrittenDecider}), once for the outcome alone and once with
 * the preview and the account after as the service computes them. Before it measures, it checks that
 * the hand-written outcomes equal the rules' on every request, and stops at the first that does not.
 * It prints the time of a rules decision as a multiple of the hand-written one that returns the same
 * figures (target at most 2) and of the outcome alone, and what share of it the previews and the rule
 * engine take.
 *
 * <p>Not a unit test: run it with {@code ./mvnw -B -Pbenchmark verify -DskipTests -Dbench=inprocess}
 * (see BENCHMARKS.md). System properties: {@code bench} (inprocess | http | all), {@code bench.seconds}
 * (measured seconds per workload, default 15), {@code bench.warmup.seconds} (per workload, both
 * workloads alternating so that the JIT sees the mix the service sees; default 10),
 * {@code bench.accounts} (default 400), {@code bench.rules} (default {@code rules}), {@code bench.forks}
 * (fresh JVMs to run it in, one after the other, reporting each and the median; default 1).
 */
public final class DecisionBenchmark {

    /** Issue 15's targets for a rules decision of each workload (on the 2-core machine). */
    record Target(double perSecond, double p99Micros, double bytesPerDecision) {

        static Target of(String workload) {
            return workload.equals("OPEN_POSITION") ? new Target(250_000, 15, 6_000) : new Target(400_000, 20, Double.MAX_VALUE);
        }

        String describe() {
            return String.format(Locale.ROOT, ">= %,.0f decisions/s, p99 <= %.0f µs%s", perSecond, p99Micros,
                    bytesPerDecision == Double.MAX_VALUE ? "" : String.format(Locale.ROOT, ", <= %,.0f B/decision", bytesPerDecision));
        }

        String verdict(double decisionsPerSecond, double p99, double bytes) {
            return String.format("   throughput %s, p99 %s%s", decisionsPerSecond >= perSecond ? "MET" : "NOT MET",
                    p99 <= p99Micros ? "MET" : "NOT MET",
                    bytesPerDecision == Double.MAX_VALUE ? "" : ", bytes " + (bytes <= bytesPerDecision ? "MET" : "NOT MET"));
        }
    }
    /** Issue 15: a rules decision takes at most twice the time of the same decision, the same figures, hand-written. */
    static final double TARGET_RATIO = 2;

    /** As the service is configured in application.properties. */
    private static final int SESSION_POOL_SIZE = 16;
    private static final int MAX_FIRINGS = 10_000;

    private static final String BTC = "BTCUSDT";
    private static final String ETH = "ETHUSDT";
    private static final BigDecimal BTC_MARK = new BigDecimal("60250.5");
    private static final BigDecimal ETH_MARK = new BigDecimal("3050.25");
    private static final BigDecimal[] LEVERAGES = {d("1"), d("3"), d("5"), d("10"), d("20"), d("50"), d("100"), d("125")};

    /** The accounts and requests are the same in every run and every fork. */
    static final long SEED = 20241125L;
    /** Requests per workload, decided round-robin. */
    static final int CASES = 8_192;

    /** Marks the machine-readable line with a workload's figures that a forking run collects. */
    private static final String RESULT = "[bench] result";

    /** Written once at the end so the JIT cannot prove the decisions unused. */
    static volatile long sink;

    private DecisionBenchmark() {
    }

    /** One decision to make: an account as it is and an action on it. */
    record Case(AccountSnapshot account, ActionRequest request) {
    }

    /** Who decides a workload's requests. */
    enum Decider {
        /** The service: facts and preview in Java, the outcome by the active rule set. */
        RULES("rules"),
        /** The outcome by hand ({@link HandWrittenDecider#decide}). */
        HAND_WRITTEN("hand-written"),
        /** The outcome, the preview and the account after by hand ({@link HandWrittenDecider#decideWithPreview}). */
        HAND_WRITTEN_WITH_PREVIEW("hand+preview");

        final String label;

        Decider(String label) {
            this.label = label;
        }

        static Decider labelled(String label) {
            for (Decider decider : values()) {
                if (decider.label.equals(label)) {
                    return decider;
                }
            }
            throw new IllegalArgumentException(label);
        }
    }

    /** One kind of decision decided one way, and what its measured seconds added up to. */
    static final class Workload {
        final String name;
        final Decider decider;
        final Case[] cases;
        final Histogram latency = new Histogram(3_600_000_000_000L, 3);
        int next;
        long decisions;
        long allowed;
        long nanos;
        long allocated;

        Workload(String name, Decider decider, List<Case> cases) {
            this.name = name;
            this.decider = decider;
            this.cases = cases.toArray(Case[]::new);
        }

        double perSecond() {
            return decisions / (nanos / 1e9);
        }

        double micros(double percentile) {
            return latency.getValueAtPercentile(percentile) / 1_000.0;
        }

    }

    public static void main(String[] args) throws Exception {
        if (!Selection.runs("inprocess", "in-process decision benchmark")) {
            return;
        }
        int forks = Integer.getInteger("bench.forks", 1);
        if (forks > 1 && !Boolean.getBoolean("bench.fork")) {
            runForks(forks);
            return;
        }
        int seconds = Integer.getInteger("bench.seconds", 15);
        int warmupSeconds = Integer.getInteger("bench.warmup.seconds", 10);
        int accountCount = Integer.getInteger("bench.accounts", 400);
        Path rulesFolder = Path.of(System.getProperty("bench.rules", "rules"));
        configureLogging();

        long compileStart = System.nanoTime();
        RuleEngine engine = new RuleEngine(new RuleSetCompiler(SESSION_POOL_SIZE, MAX_FIRINGS), rulesFolder);
        RuleSet rules = engine.reload();
        System.out.printf(Locale.ROOT, "[bench] compiled %s (%s) in %.1f s%n", rulesFolder.toAbsolutePath().normalize(),
                rules.revision(), (System.nanoTime() - compileStart) / 1e9);
        PolicyService policy = new PolicyService(engine, DecisionObserver.NONE);
        HandWrittenDecider byHand = new HandWrittenDecider(rules);

        Random random = new Random(SEED);
        List<AccountSnapshot> accounts = accounts(accountCount, random);
        List<Case> switches = cases(accounts, CASES, random, DecisionBenchmark::switchRequest);
        List<Case> openings = cases(accounts, CASES, random, DecisionBenchmark::openingRequest);
        System.out.printf("[bench] %d accounts (%d with positions, %d with open orders); JVM %s, %d cores, max heap %d MiB%n",
                accounts.size(), accounts.stream().filter(a -> !a.positions().isEmpty()).count(),
                accounts.stream().filter(a -> !a.orders().isEmpty()).count(), Runtime.version(), MachineLoad.CORES,
                Runtime.getRuntime().maxMemory() >> 20);
        describeMix("SWITCH_MARGIN_MODE", policy, switches);
        describeMix("OPEN_POSITION", policy, openings);
        for (List<Case> cases : List.of(switches, openings)) {
            byHand.firstDifference(policy, cases).ifPresent(difference -> {
                throw new IllegalStateException("the hand-written baseline decides otherwise than the rules, so it"
                        + " would measure nothing: " + difference);
            });
        }
        System.out.printf("[bench] the hand-written baseline decides as the rules on all %d switches and %d openings"
                + " (outcome, violation codes, preview, account after)%n", switches.size(), openings.size());

        List<Workload> measured = new ArrayList<>();
        for (Decider decider : Decider.values()) {
            measured.add(new Workload("SWITCH_MARGIN_MODE", decider, switches));
        }
        for (Decider decider : Decider.values()) {
            measured.add(new Workload("OPEN_POSITION", decider, openings));
        }
        Workload[] workloads = measured.toArray(Workload[]::new);
        System.out.printf("[bench] warming up: %d s of each workload and decider, alternating second by second ...%n",
                warmupSeconds);
        for (int second = 0; second < warmupSeconds; second++) {
            for (Workload workload : workloads) {
                measure(policy, byHand, workload, new Histogram(3_600_000_000_000L, 3));
            }
        }
        MachineLoad.Jitter jitter = MachineLoad.jitter(5);

        System.out.printf("[bench] measuring: %d s of each workload and decider on one thread, alternating second by"
                + " second ...%n", seconds);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] gcBefore = MachineLoad.gc();
        MachineLoad.Sample loadBefore = MachineLoad.sample(ProcessHandle.current());
        for (int second = 0; second < seconds; second++) {
            for (Workload workload : workloads) {
                long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
                long[] counts = measure(policy, byHand, workload, workload.latency);
                workload.allocated += threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
                workload.decisions += counts[0];
                workload.allowed += counts[1];
                workload.nanos += counts[2];
            }
        }
        MachineLoad.Usage usage = MachineLoad.between(loadBefore, MachineLoad.sample(ProcessHandle.current()));
        long[] gcAfter = MachineLoad.gc();
        print(workloads, usage, gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1], jitter);
    }

    /**
     * Logs as the service does (application.properties: INFO, Drools and KIE at WARN). Outside a
     * Quarkus application nothing configures JBoss LogManager: Quarkus' initial configurator leaves
     * every level on, TRACE included, and queues the records until Quarkus starts, so Drools would
     * format a trace message for every fact it inserts and the benchmark would measure that.
     */
    static void configureLogging() {
        InitialConfigurator.DELAYED_HANDLER.setHandlers(new Handler[] {InitialConfigurator.createDefaultHandler()});
        LogContext logs = LogContext.getLogContext();
        logs.getLogger("").setLevel(Level.INFO);
        logs.getLogger("org.drools").setLevel(Level.WARNING);
        logs.getLogger("org.kie").setLevel(Level.WARNING);
    }

    /**
     * Decides the cases round-robin for one second, timing each decision on its own; goes on where
     * the last call left off.
     *
     * @return decisions made, how many were ALLOW, and the nanoseconds it took
     */
    private static long[] measure(PolicyService policy, HandWrittenDecider byHand, Workload workload, Histogram latency) {
        Case[] cases = workload.cases;
        Decider decider = workload.decider;
        long consumed = 0;
        long decisions = 0;
        long allowed = 0;
        int next = workload.next;
        long start = System.nanoTime();
        long end = start + 1_000_000_000L;
        long now;
        do {
            Case c = cases[next];
            next = next + 1 == cases.length ? 0 : next + 1;
            long before = System.nanoTime();
            long digest = switch (decider) {
                case RULES -> digest(policy.decide(c.account(), c.request()));
                case HAND_WRITTEN -> digest(byHand.decide(c.account(), c.request()));
                case HAND_WRITTEN_WITH_PREVIEW -> digest(byHand.decideWithPreview(c.account(), c.request()));
            };
            now = System.nanoTime();
            latency.recordValue(now - before);
            allowed += digest & 1;
            consumed += digest;
            decisions++;
        } while (now < end);
        sink += consumed;
        workload.next = next;
        return new long[] {decisions, allowed, now - start};
    }

    /** 1 if allowed, plus a little of everything else it returned, doubled, so that the JIT cannot drop any of it. */
    private static long digest(Decided decided) {
        Decision decision = decided.decision();
        return (decision.allowed() ? 1 : 0) + 2L * (decision.decisionId().charAt(3) + decision.violations().size()
                + decision.firedRules().size() + decided.after().positions().size()
                + decision.preview().transferFromCross().signum());
    }

    private static long digest(HandWrittenDecider.Verdict verdict) {
        long digest = (verdict.allowed() ? 1 : 0) + 2L * verdict.violationCodes().size();
        if (verdict.preview() != null) {
            digest += 2L * (verdict.after().positions().size() + verdict.preview().transferFromCross().signum());
        }
        return digest;
    }

    private static void print(Workload[] workloads, MachineLoad.Usage usage, long gcCount, long gcMillis,
                              MachineLoad.Jitter jitter) {
        String line = "-".repeat(123);
        System.out.println();
        System.out.println("In-process decisions, one thread (rules: PolicyService.decide over the shipped rules/;"
                + " hand-written: the same decisions in plain Java, the baseline)");
        System.out.println(line);
        System.out.printf(Locale.ROOT, "%-20s %-14s %10s %13s %9s %9s %9s %9s %9s %8s %10s%n", "workload", "decider",
                "decisions", "decisions/s", "p50 µs", "p99 µs", "p99.9 µs", "max µs", "mean µs", "allow %", "B/decision");
        System.out.println(line);
        for (Workload w : workloads) {
            System.out.printf(Locale.ROOT, "%-20s %-14s %10d %13.0f %9.2f %9.2f %9.2f %9.1f %9.2f %8.1f %10.0f%n",
                    w.name, w.decider.label, w.decisions, w.perSecond(), w.micros(50), w.micros(99), w.micros(99.9),
                    w.latency.getMaxValue() / 1_000.0, w.latency.getMean() / 1_000.0,
                    100.0 * w.allowed / w.decisions, (double) w.allocated / w.decisions);
        }
        System.out.println(line);
        for (Workload w : workloads) {
            if (w.decider == Decider.RULES) {
                Target target = Target.of(w.name);
                System.out.printf(Locale.ROOT, "%-20s %,.0f/s, p99 %.2f µs, %,.0f B/decision vs target %s:%s%n",
                        w.name, w.perSecond(), w.micros(99), (double) w.allocated / w.decisions, target.describe(),
                        target.verdict(w.perSecond(), w.micros(99), (double) w.allocated / w.decisions));
            }
        }
        Map<String, Map<Decider, Double>> perSecond = new LinkedHashMap<>();
        for (Workload w : workloads) {
            perSecond.computeIfAbsent(w.name, k -> new EnumMap<>(Decider.class)).put(w.decider, w.perSecond());
        }
        perSecond.forEach((workload, rates) -> System.out.println(Baseline.of(rates).describe(workload)));
        System.out.printf(Locale.ROOT, "GC while measuring: %d collections, %d ms%n", gcCount, gcMillis);
        System.out.println("Load while measuring: " + usage.describe(List.of("benchmark")));
        if (usage.disturbed()) {
            System.out.printf(Locale.ROOT, "WARNING: other processes used %.2f cores while this was measured;"
                    + " the figures may be disturbed, re-run on a quieter machine%n", usage.otherCores());
        }
        System.out.println("Machine jitter (a thread spinning on the clock for 5 s, no work): " + jitter.describe());
        for (Workload w : workloads) {
            if (w.decider == Decider.RULES) {
                System.out.printf(Locale.ROOT, "%-20s at %,.0f decisions/s a pause > 20 µs lands in about %.2f%% of decisions"
                        + " (> 50 µs: %.2f%%); from 1%% on, the machine, not the code, sets the p99%n", w.name, w.perSecond(),
                        100 * jitter.perSecond()[1] / w.perSecond(), 100 * jitter.perSecond()[2] / w.perSecond());
            }
        }
        System.out.println("(each decision is timed on its own with System.nanoTime; decisions/s counts the same loop;"
                + " the workloads and deciders alternate second by second, in warm-up and measurement alike)");
        System.out.println("[bench] sink " + sink);
        for (Workload w : workloads) {
            System.out.printf(Locale.ROOT, "%s %s %s %.0f %.3f %.3f %.3f %.0f%n", RESULT, w.name, w.decider.label,
                    w.perSecond(), w.micros(50), w.micros(99), w.micros(99.9), (double) w.allocated / w.decisions);
        }
    }

    /**
     * A rules decision against the same decision hand-written, from decisions/s measured alike: the
     * ratio of their times, and how a rules decision's time divides into the outcome by hand (its
     * facts and comparisons), the preview with the account after, and the rest, which is the rule
     * engine and what the service adds around it (the decision's record, id and clock).
     *
     * <p>The target is judged like for like: against {@code hand+preview}, which returns what the
     * service returns (the outcome, the preview and the account after) with no rule engine. The
     * outcome alone leaves out maths the service does whatever decides, so its ratio is printed
     * beside it, not judged.
     *
     * @param ratio time of a rules decision / time of the hand-written outcome alone
     * @param likeForLike time of a rules decision / time of the hand-written outcome, preview and account after
     */
    record Baseline(double ratio, double likeForLike, double outcomeShare, double previewShare, double engineShare) {

        static Baseline of(Map<Decider, Double> perSecond) {
            double rules = perSecond.get(Decider.RULES);
            double outcome = rules / perSecond.get(Decider.HAND_WRITTEN);
            double withPreview = rules / perSecond.get(Decider.HAND_WRITTEN_WITH_PREVIEW);
            return new Baseline(1 / outcome, 1 / withPreview, outcome, withPreview - outcome, 1 - withPreview);
        }

        boolean met() {
            return likeForLike <= TARGET_RATIO;
        }

        String describe(String workload) {
            return String.format(Locale.ROOT, "%-20s rules / hand+preview (the same figures returned, no rule engine):"
                    + " %.2fx the time of a decision vs target <= %.0fx: %s; rules / the outcome alone by hand: %.2fx;"
                    + " of a rules decision's time, the outcome by hand takes %.0f%%, the preview and account after %.0f%%,"
                    + " the rule engine and the rest of the service %.0f%%", workload, likeForLike, TARGET_RATIO,
                    met() ? "MET" : "NOT MET", ratio, 100 * outcomeShare, 100 * previewShare, 100 * engineShare);
        }
    }

    /**
     * Runs the benchmark in {@code forks} fresh JVMs one after the other, with this JVM's options,
     * and prints each fork's figures and their median. The JIT does not compile the same way in every
     * JVM; on this machine one JVM can run a workload 25 % slower than the next with the same code.
     * The ratio to the hand-written baseline is worked out in each fork, from figures measured in the
     * same JVM, and its median reported.
     */
    private static void runForks(int forks) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-Dbench.fork=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(DecisionBenchmark.class.getName());
        // workload -> decider -> the figures of each fork
        Map<String, Map<Decider, List<double[]>>> figures = new LinkedHashMap<>();
        for (int fork = 1; fork <= forks; fork++) {
            System.out.printf("[bench] fork %d of %d%n", fork, forks);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith(RESULT)) {
                        String[] fields = line.substring(RESULT.length()).trim().split(" ");
                        double[] values = new double[fields.length - 2];
                        for (int i = 2; i < fields.length; i++) {
                            values[i - 2] = Double.parseDouble(fields[i]);
                        }
                        figures.computeIfAbsent(fields[0], k -> new EnumMap<>(Decider.class))
                                .computeIfAbsent(Decider.labelled(fields[1]), k -> new ArrayList<>()).add(values);
                    } else {
                        System.out.println(line);
                    }
                }
            } finally {
                process.destroy();
            }
            if (process.waitFor() != 0) {
                throw new IllegalStateException("fork " + fork + " failed with exit code " + process.exitValue());
            }
        }
        String line = "-".repeat(104);
        System.out.println();
        System.out.printf("In-process decisions over %d JVM forks (figures of each fork; the median decides MET)%n", forks);
        System.out.println(line);
        System.out.printf(Locale.ROOT, "%-20s %-14s %-8s %13s %9s %9s %9s %10s%n", "workload", "decider", "fork",
                "decisions/s", "p50 µs", "p99 µs", "p99.9 µs", "B/decision");
        System.out.println(line);
        figures.forEach((workload, deciders) -> deciders.forEach((decider, runs) -> {
            for (int i = 0; i < runs.size(); i++) {
                double[] v = runs.get(i);
                System.out.printf(Locale.ROOT, "%-20s %-14s %-8d %13.0f %9.2f %9.2f %9.2f %10.0f%n", workload,
                        decider.label, i + 1, v[0], v[1], v[2], v[3], v[4]);
            }
            double perSecond = median(runs, 0);
            double p99 = median(runs, 2);
            String met = decider != Decider.RULES ? "" : Target.of(workload).verdict(perSecond, p99, median(runs, 4));
            System.out.printf(Locale.ROOT, "%-20s %-14s %-8s %13.0f %9.2f %9.2f %9.2f %10.0f%s%n", workload, decider.label,
                    "median", perSecond, median(runs, 1), p99, median(runs, 3), median(runs, 4), met);
        }));
        System.out.println(line);
        System.out.printf(Locale.ROOT, "targets (rules): %s %s; %s %s; a rules decision within %.0fx the time of the same figures by hand%n",
                "SWITCH_MARGIN_MODE", Target.of("SWITCH_MARGIN_MODE").describe(), "OPEN_POSITION",
                Target.of("OPEN_POSITION").describe(), TARGET_RATIO);
        figures.forEach((workload, deciders) -> {
            List<Baseline> baselines = new ArrayList<>();
            for (int fork = 0; fork < deciders.get(Decider.RULES).size(); fork++) {
                Map<Decider, Double> perSecond = new EnumMap<>(Decider.class);
                for (var runs : deciders.entrySet()) {
                    perSecond.put(runs.getKey(), runs.getValue().get(fork)[0]);
                }
                baselines.add(Baseline.of(perSecond));
            }
            Baseline median = new Baseline(median(baselines, Baseline::ratio), median(baselines, Baseline::likeForLike),
                    median(baselines, Baseline::outcomeShare), median(baselines, Baseline::previewShare),
                    median(baselines, Baseline::engineShare));
            System.out.println(median.describe(workload) + String.format(Locale.ROOT,
                    " (median over the forks; like-for-like ratios of the forks: %s)",
                    String.join(", ", baselines.stream().map(b -> String.format(Locale.ROOT, "%.2f", b.likeForLike())).toList())));
        });
    }

    private static double median(List<double[]> runs, int column) {
        return median(runs.stream().mapToDouble(v -> v[column]).toArray());
    }

    private static double median(List<Baseline> baselines, ToDoubleFunction<Baseline> figure) {
        return median(baselines.stream().mapToDouble(figure).toArray());
    }

    /** The median of the values; NaN of none. */
    static double median(double[] unsorted) {
        if (unsorted.length == 0) {
            return Double.NaN;
        }
        double[] values = unsorted.clone();
        Arrays.sort(values);
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /** Decides every case once and prints the share of outcomes and violation codes. */
    private static void describeMix(String workload, PolicyService policy, List<Case> cases) {
        Map<String, Integer> outcomes = new TreeMap<>();
        for (Case c : cases) {
            Decision decision = policy.decide(c.account(), c.request()).decision();
            String key = decision.allowed() ? "ALLOW"
                    : "DENY " + String.join("+", decision.violations().stream().map(Violation::code).sorted().toList());
            outcomes.merge(key, 1, Integer::sum);
        }
        StringBuilder text = new StringBuilder();
        outcomes.forEach((outcome, count) -> text.append(String.format(Locale.ROOT, "%s %.1f%%, ", outcome,
                100.0 * count / cases.size())));
        System.out.printf("[bench] %s mix over %d cases: %s%n", workload, cases.size(), text.substring(0, text.length() - 2));
    }

    static List<AccountSnapshot> accounts(int count, Random random) {
        List<AccountSnapshot> accounts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            accounts.add(account(i, random));
        }
        return accounts;
    }

    static List<Case> cases(List<AccountSnapshot> accounts, int count, Random random,
                                    BiFunction<AccountSnapshot, Random, ActionRequest> request) {
        List<Case> cases = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            AccountSnapshot account = accounts.get(random.nextInt(accounts.size()));
            cases.add(new Case(account, request.apply(account, random)));
        }
        return cases;
    }

    /**
     * An account as a derivatives exchange might hold it: USDT always, BTC and ETH often, a BTCUSDT
     * and an ETHUSDT position in some, cross or isolated, and a few resting orders.
     */
    static AccountSnapshot account(int index, Random random) {
        Map<String, BigDecimal> balances = new HashMap<>();
        balances.put("USDT", amount(logUniform(random, 200, 250_000), 8));
        if (random.nextDouble() < 0.6) {
            balances.put("BTC", amount(logUniform(random, 0.001, 3), 8));
        }
        if (random.nextDouble() < 0.25) {
            balances.put("ETH", amount(logUniform(random, 0.01, 40), 8));
        }
        Map<String, MarginMode> modes = new HashMap<>();
        Map<String, BigDecimal> leverages = new HashMap<>();
        List<Position> positions = new ArrayList<>();
        List<Order> orders = new ArrayList<>();
        addSymbol(BTC, BTC_MARK, 0.35, 0.5, 0.25, random, modes, leverages, positions, orders);
        addSymbol(ETH, ETH_MARK, 0.3, 0.35, 0.2, random, modes, leverages, positions, orders);
        return new AccountSnapshot(String.format("acct-%04d", index), balances, modes, leverages, positions, orders,
                Map.of(BTC, BTC_MARK, ETH, ETH_MARK));
    }

    private static void addSymbol(String symbol, BigDecimal mark, double isolatedShare, double positionShare,
                                  double ordersShare, Random random, Map<String, MarginMode> modes,
                                  Map<String, BigDecimal> leverages, List<Position> positions, List<Order> orders) {
        MarginMode mode = random.nextDouble() < isolatedShare ? MarginMode.ISOLATED : MarginMode.CROSS;
        if (mode == MarginMode.ISOLATED || random.nextBoolean()) {
            modes.put(symbol, mode);
        }
        BigDecimal leverage = LEVERAGES[1 + random.nextInt(5)];
        leverages.put(symbol, leverage);
        if (random.nextDouble() < positionShare) {
            BigDecimal quantity = amount(logUniform(random, 2_000 / mark.doubleValue(), 400_000 / mark.doubleValue()), 3)
                    .max(new BigDecimal("0.001"));
            BigDecimal entry = mark.multiply(BigDecimal.valueOf(0.92 + 0.16 * random.nextDouble())).setScale(2, RoundingMode.HALF_EVEN);
            BigDecimal margin = mode == MarginMode.ISOLATED
                    ? quantity.multiply(entry).divide(leverage, 8, RoundingMode.CEILING) : BigDecimal.ZERO;
            positions.add(new Position(symbol, random.nextBoolean() ? PositionSide.LONG : PositionSide.SHORT, quantity,
                    entry, leverage, mode, margin));
        }
        if (random.nextDouble() < ordersShare) {
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                OrderSide side = random.nextBoolean() ? OrderSide.BUY : OrderSide.SELL;
                BigDecimal price = mark.multiply(BigDecimal.valueOf(side == OrderSide.BUY ? 0.97 : 1.03)).setScale(1, RoundingMode.HALF_EVEN);
                BigDecimal quantity = amount(logUniform(random, 500 / mark.doubleValue(), 50_000 / mark.doubleValue()), 3)
                        .max(new BigDecimal("0.001"));
                orders.add(new Order(String.format("ord-%08x", random.nextInt()), symbol, side, quantity, price, leverage, mode));
            }
        }
    }

    /** Either symbol, either mode: the same mode (ALLOW), a real switch (ALLOW, or DENY with positions or orders). */
    static ActionRequest switchRequest(AccountSnapshot account, Random random) {
        String symbol = random.nextBoolean() ? BTC : ETH;
        return new ActionRequest.SwitchMarginMode(symbol, random.nextBoolean() ? MarginMode.CROSS : MarginMode.ISOLATED);
    }

    /**
     * A fill near the mark price: mostly on the side and at the leverage of the position held, some
     * against it, some too large for the wallet or the leverage tier.
     */
    static ActionRequest openingRequest(AccountSnapshot account, Random random) {
        String symbol = random.nextDouble() < 0.75 ? BTC : ETH;
        BigDecimal mark = symbol.equals(BTC) ? BTC_MARK : ETH_MARK;
        Position held = account.position(symbol).orElse(null);
        PositionSide side;
        BigDecimal leverage;
        if (held != null && random.nextDouble() < 0.85) {
            side = held.side();
            leverage = held.leverage();
        } else {
            side = random.nextBoolean() ? PositionSide.LONG : PositionSide.SHORT;
            leverage = held != null ? held.leverage() : LEVERAGES[random.nextInt(LEVERAGES.length)];
        }
        double notional = logUniform(random, 50, account.balance("USDT").doubleValue() * 12 + 100);
        BigDecimal quantity = amount(notional / mark.doubleValue(), 3).max(new BigDecimal("0.001"));
        BigDecimal price = mark.multiply(BigDecimal.valueOf(0.995 + 0.01 * random.nextDouble())).setScale(1, RoundingMode.HALF_EVEN);
        return new ActionRequest.OpenPosition(Action.OPEN_POSITION, symbol, side, quantity, price, leverage);
    }

    private static double logUniform(Random random, double low, double high) {
        return Math.exp(Math.log(low) + random.nextDouble() * (Math.log(high) - Math.log(low)));
    }

    private static BigDecimal amount(double value, int scale) {
        return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_EVEN);
    }

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }
}

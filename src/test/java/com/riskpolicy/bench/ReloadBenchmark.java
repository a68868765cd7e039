package com.riskpolicy.bench;

import static com.riskpolicy.ChildProcesses.freePort;
import static com.riskpolicy.ChildProcesses.tail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.riskpolicy.build.ClassArchiveTraining;
import com.riskpolicy.rules.RuleFiles;
import com.riskpolicy.rules.RuleSet;
import com.riskpolicy.rules.RuleSetCompiler;
import com.riskpolicy.ruleops.PolicyExamples;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Rule reloads under load, and startup (issue 15): the packaged service on a fresh H2 file database,
 * on a copy of the shipped rules ({@code target/bench/reload-rules}), as a desk of one
 * ({@code policy.rules.approvals-required=0}: {@code POST /v1/rules/reload} compiles, self-tests,
 * activates and records the folder, and answers when it is in force) with the folder watcher off (the
 * harness reloads, not the watcher). HttpCheckBenchmark's accounts and open-position checks run from
 * {@code bench.reload.clients} closed-loop clients throughout, while the harness saves the folder
 * with the cross-risk caution ratio toggled between two values and reloads it, again and again, as a
 * risk officer does: {@code bench.reload.warmups} reloads to warm the service's JIT up, then
 * {@code bench.reload.count} measured ones, {@code bench.reload.gap.seconds} apart.
 *
 * <p>For every reload it prints the time from the request to its answer, to the first check decided
 * by the new revision (a check's {@code ruleSetRevision}), and the reload's own {@code millis};
 * then the checks that failed (any non-200 answer or I/O error: the target is none), and the checks'
 * rate and p99 during reloads against outside them. The baseline, measured in the same run in the
 * harness's JVM (warm, with the service idle): the same folder compiled alone, and compiled with its
 * policy examples run, by the service's own {@code RuleSetCompiler} and {@code PolicyExamples}. What
 * a reload costs beyond it is the self-test's sample decisions and ticks, the revision recorded in
 * the database, and sharing the cores with the checks.
 *
 * <p>Startup: the service started 3 × {@code bench.startup.count} + 1 times one after the other on
 * one H2 file database (the first start migrates it, the others find it migrated, as a restart
 * does), in turn with the compiled-rules cache off (the start compiles the rules), on (it takes them
 * from the cache the first start wrote), and on with the class archive the build wrote beside the
 * jar ({@code -XX:SharedArchiveFile}, README's command; left out when there is none),
 * timed from the process's start to the first {@code 200} of {@code /q/health/ready}, and to the first
 * stateless decision answered; its log's own "started in". Beside it, in the same run, two
 * baselines: a bare JVM ({@code java -version}), the floor of any Java service's start; and the
 * rules alone in a fresh JVM (a child JVM on the test classpath that compiles the folder and runs its
 * policy examples, cold), the part of the start that is the rules'.
 *
 * <p>Not a unit test: {@code ./mvnw -B -Pbenchmark verify -DskipTests -Dbench=reload}. System
 * properties: {@code bench.reload.count} (default 10), {@code bench.reload.warmups} (default 4),
 * {@code bench.reload.gap.seconds} (default 3), {@code bench.reload.clients} (default 4),
 * {@code bench.reload.warmup.seconds} (checks before the first reload, default 60),
 * {@code bench.startup.count} (default 5), {@code bench.http.accounts} (default 200),
 * {@code bench.http.jar}, {@code bench.service.jvm.args}.
 */
public final class ReloadBenchmark {

    static final double TARGET_RELOAD_SECONDS = 1.0;
    static final double TARGET_STARTUP_SECONDS = 3.0;

    private static final String HOST = ServiceNodes.HOST;
    private static final String OFFICER = "Basic "
            + Base64.getEncoder().encodeToString("officer:officer".getBytes(StandardCharsets.US_ASCII));
    /** The threshold toggled: a row of risk-parameters.csv that no policy example pins at either value. */
    private static final String PARAMETERS = "risk-parameters.csv";
    private static final String TOGGLED_FROM = "cross-risk-caution-ratio,0.5,";
    private static final String TOGGLED_TO = "cross-risk-caution-ratio,0.45,";
    private static final Pattern STARTED_IN = Pattern.compile("started in ([0-9.]+)s");
    /** What the service's log says when its rules came from the compiled-rules cache (RuleStartup). */
    private static final String FROM_CACHE = "compiled at an earlier start, kept in";
    /** What the JVM says when it cannot use a class archive (another JDK build, another jar), and starts without it. */
    private static final String ARCHIVE_REFUSED = "Unable to use shared archive";
    private static final Duration WAIT_WITHIN = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReloadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (!Selection.runs("reload", "rule reload and startup benchmark")) {
            return;
        }
        Path rules = copyOfRules();
        Map<String, String> first = RuleFiles.read(rules).contents();
        Map<String, String> second = toggled(first);
        Startup startup = startup(rules, Integer.getInteger("bench.startup.count", 5));
        Reloads reloads = reloads(rules, first, second);
        startup.print();
        reloads.print();
    }

    // ---------------------------------------------------------------------------------------------
    // The two revisions
    // ---------------------------------------------------------------------------------------------

    private static Path copyOfRules() throws IOException {
        Path copy = Path.of("target", "bench", "reload-rules").toAbsolutePath();
        deleteRecursively(copy);
        Path shipped = HttpCheckBenchmark.rules();
        Files.createDirectories(copy);
        for (var file : RuleFiles.read(shipped).contents().entrySet()) {
            Path target = copy.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
        }
        return copy;
    }

    private static Map<String, String> toggled(Map<String, String> files) {
        String parameters = files.get(PARAMETERS);
        if (parameters == null || !parameters.contains(TOGGLED_FROM)) {
            throw new IllegalStateException(PARAMETERS + " has no row starting '" + TOGGLED_FROM + "': change the"
                    + " threshold the reload benchmark toggles");
        }
        Map<String, String> toggled = new HashMap<>(files);
        toggled.put(PARAMETERS, parameters.replace(TOGGLED_FROM, TOGGLED_TO));
        return toggled;
    }

    /** Saves the files that differ, each replaced at once, as an editor that saves atomically does. */
    private static void save(Path folder, Map<String, String> files) throws IOException {
        for (var file : files.entrySet()) {
            Path target = folder.resolve(file.getKey());
            if (!Files.readString(target, StandardCharsets.UTF_8).equals(file.getValue())) {
                Path temporary = target.resolveSibling("." + target.getFileName() + ".saving");
                Files.writeString(temporary, file.getValue(), StandardCharsets.UTF_8);
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Startup
    // ---------------------------------------------------------------------------------------------

    /**
     * How a start is made. {@code COMPILED}: the compiled-rules cache off, so the start compiles the
     * rules. {@code CACHED}: the cache on, the plain {@code java -jar}. {@code ARCHIVED}: the cache on
     * and the class archive the build wrote beside the jar, README's command
     * ({@code -XX:SharedArchiveFile}).
     */
    private enum Kind {
        COMPILED("compiled"), CACHED("cached"), ARCHIVED("cached + class archive");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /**
     * One start: how it was made, and seconds from the process's start to ready, to the first
     * decision, and Quarkus' own figure. (Whether its rules came from the cache is checked as it runs.)
     */
    private record Start(Kind kind, double ready, double decided, double quarkus) {
    }

    private record Startup(List<Start> starts, List<Double> bareJvm, List<double[]> rulesAlone, MachineLoad.Usage usage) {

        void print() {
            String line = "-".repeat(100);
            System.out.println();
            System.out.println("Startup: the packaged service on one H2 file database, process start to ready, started "
                    + starts.size() + " times (the first migrates the database and compiles the rules), then in turn:"
                    + " the rules compiled, taken from the compiled-rules cache, and taken from it with the class archive"
                    + " the build wrote (README's command), when there is one");
            System.out.println(line);
            System.out.printf(Locale.ROOT, "%-8s %-22s %12s %16s %18s%n", "start", "kind", "ready s", "first decision s",
                    "Quarkus 'started'");
            System.out.println(line);
            for (int i = 0; i < starts.size(); i++) {
                Start s = starts.get(i);
                System.out.printf(Locale.ROOT, "%-8s %-22s %12.2f %16.2f %18.2f%n", (i + 1) + (i == 0 ? " (new)" : ""),
                        i == 0 ? "compiled, cache written" : s.kind().label, s.ready(), s.decided(), s.quarkus());
            }
            System.out.println(line);
            List<Start> restarts = starts.subList(Math.min(1, starts.size() - 1), starts.size());
            double compiledReady = median(ready(restarts, Kind.COMPILED));
            double cachedReady = median(ready(restarts, Kind.CACHED));
            List<Double> archived = ready(restarts, Kind.ARCHIVED);
            double jvm = median(bareJvm);
            double compile = median(rulesAlone.stream().map(r -> r[0]).toList());
            double examples = median(rulesAlone.stream().map(r -> r[1]).toList());
            double child = median(rulesAlone.stream().map(r -> r[2]).toList());
            System.out.printf(Locale.ROOT, "baseline, bare JVM (java -version): median %.2f s over %d%n", jvm, bareJvm.size());
            System.out.printf(Locale.ROOT, "baseline, the rules alone in a fresh JVM: compile %.2f s, then policy examples"
                    + " %.2f s (median over %d; the JVM's whole life %.2f s)%n", compile, examples, rulesAlone.size(), child);
            System.out.printf(Locale.ROOT, "startup to ready, rules compiled (restarts, median): %.2f s = %.1fx the bare JVM;"
                    + " the rules alone cold are %.0f%% of it%n", compiledReady, compiledReady / jvm,
                    100 * (compile + examples) / compiledReady);
            System.out.printf(Locale.ROOT, "startup to ready, rules from the cache, java -jar (restarts, median): %.2f s ="
                    + " %.1fx the bare JVM, %.2fx the start that compiles%s%n", cachedReady, cachedReady / jvm,
                    cachedReady / compiledReady, archived.isEmpty() ? target(cachedReady) : "");
            if (!archived.isEmpty()) {
                double archivedReady = median(archived);
                System.out.printf(Locale.ROOT, "startup to ready, rules from the cache and the class archive, README's command"
                        + " (restarts, median): %.2f s = %.1fx the bare JVM, %.2fx java -jar%s%n", archivedReady,
                        archivedReady / jvm, archivedReady / cachedReady, target(archivedReady));
            }
            System.out.println("load while starting: " + usage.describe(List.of("benchmark and children")));
            if (usage.disturbed()) {
                System.out.printf(Locale.ROOT, "WARNING: other processes used %.2f cores while the starts were measured;"
                        + " the figures may be disturbed%n", usage.otherCores());
            }
        }

        private static List<Double> ready(List<Start> starts, Kind kind) {
            return starts.stream().filter(start -> start.kind() == kind).map(Start::ready).toList();
        }

        private static String target(double ready) {
            return String.format(Locale.ROOT, "; target <= %.0f s: %s", TARGET_STARTUP_SECONDS,
                    ready <= TARGET_STARTUP_SECONDS ? "MET" : "NOT MET");
        }
    }

    private static Startup startup(Path rules, int count) throws Exception {
        Path jar = HttpCheckBenchmark.jar("bench.http.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: package the service first (BENCHMARKS.md, Run)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        MachineLoad.Sample before = MachineLoad.sample(List.of(List.of(ProcessHandle.current())));
        List<Double> bareJvm = new ArrayList<>();
        List<double[]> rulesAlone = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            bareJvm.add(run(List.of(java, "-version"))[0]);
            rulesAlone.add(rulesAloneCold(java, rules));
        }
        Path folder = Path.of("target", "bench", "startup-db").toAbsolutePath();
        deleteRecursively(folder);
        Files.createDirectories(folder);
        String url = "jdbc:h2:file:" + folder.resolve("ledger") + ";" + HttpCheckBenchmark.SERVICE_H2_SETTINGS;
        Path cache = Path.of("target", "bench", "startup-compiled-rules").toAbsolutePath();
        deleteRecursively(cache);
        Path archive = jar.resolveSibling(ClassArchiveTraining.ARCHIVE);
        List<Kind> kinds = Files.isRegularFile(archive) ? List.of(Kind.CACHED, Kind.COMPILED, Kind.ARCHIVED)
                : List.of(Kind.CACHED, Kind.COMPILED);
        if (!Files.isRegularFile(archive)) {
            System.out.println("[bench] no class archive beside the jar (" + archive + "): the starts with it are left out");
        }
        int total = kinds.size() * count + 1;
        List<Start> starts = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            System.out.printf("[bench] start %d of %d ...%n", i + 1, total);
            starts.add(start(jar, rules, url, cache, kinds.get(i % kinds.size()), archive));
        }
        MachineLoad.Sample after = MachineLoad.sample(List.of(List.of(ProcessHandle.current())));
        MachineLoad.Usage own = MachineLoad.between(before, after);
        // the children (JVMs, the service) have ended: their CPU, counted as they ended, is the benchmark's
        double children = CHILDREN_CPU_NANOS.get() / 1e9 / own.seconds();
        MachineLoad.Usage usage = new MachineLoad.Usage(own.seconds(), own.machineCores(),
                List.of(own.processCores().get(0) + children), own.otherCores() < 0 ? -1 : Math.max(0, own.otherCores() - children),
                own.loadAverage());
        return new Startup(starts, bareJvm, rulesAlone, usage);
    }

    /** CPU of the child processes the startup measures (the services and the rules alone; a bare JVM's is too short to matter). */
    private static final AtomicLong CHILDREN_CPU_NANOS = new AtomicLong();


    /** Runs a command to its end; {seconds it took}, its output in the exception when it fails. */
    private static double[] run(List<String> command) throws Exception {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(WAIT_WITHIN.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
        return new double[] {(System.nanoTime() - start) / 1e9};
    }

    /** {compile s, policy examples s, the whole child JVM s} of {@link RulesAlone} in a fresh JVM. */
    private static double[] rulesAloneCold(String java, Path rules) throws Exception {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                RulesAlone.class.getName(), rules.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(WAIT_WITHIN.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("the rules alone failed: " + output);
        }
        double whole = (System.nanoTime() - start) / 1e9;
        Matcher figures = Pattern.compile("rules-alone ([0-9.]+) ([0-9.]+) ([0-9.]+)").matcher(output);
        if (!figures.find()) {
            throw new IllegalStateException("the rules alone printed no figures: " + output);
        }
        CHILDREN_CPU_NANOS.addAndGet((long) (Double.parseDouble(figures.group(3)) * 1e9));
        return new double[] {Double.parseDouble(figures.group(1)), Double.parseDouble(figures.group(2)), whole};
    }

    /** Compiles a rules folder and runs its policy examples, cold, and prints the seconds of each. */
    public static final class RulesAlone {

        private RulesAlone() {
        }

        public static void main(String[] args) {
            long start = System.nanoTime();
            RuleSet rules = compile(Path.of(args[0]));
            long compiled = System.nanoTime();
            examples(rules);
            long examined = System.nanoTime();
            rules.retire();
            Duration cpu = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
            System.out.printf(Locale.ROOT, "rules-alone %.3f %.3f %.3f%n", (compiled - start) / 1e9, (examined - compiled) / 1e9,
                    cpu.toNanos() / 1e9);
        }
    }

    private static RuleSet compile(Path rules) {
        try {
            return new RuleSetCompiler(1, 10_000).compile(RuleFiles.read(rules));
        } catch (com.riskpolicy.rules.RuleCompilationException e) {
            throw new IllegalStateException("the benchmark's rules do not compile: " + e.errors());
        }
    }

    private static void examples(RuleSet rules) {
        PolicyExamples.Report report = PolicyExamples.run(rules);
        if (!report.errors().isEmpty()) {
            throw new IllegalStateException("the benchmark's rules fail their policy examples: " + report.errors());
        }
    }

    /** @param archive the class archive beside the jar, which {@code Kind.ARCHIVED} starts with */
    private static Start start(Path jar, Path rules, String url, Path cache, Kind kind, Path archive) throws Exception {
        boolean cached = kind != Kind.COMPILED;
        int port = freePort();
        Path log = Path.of("target", "bench", "startup-service.log").toAbsolutePath();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String jvmArgs = System.getProperty("bench.service.jvm.args", "").trim();
        if (!jvmArgs.isEmpty()) {
            command.addAll(Arrays.asList(jvmArgs.split("\\s+")));
        }
        if (kind == Kind.ARCHIVED) {
            command.add("-XX:SharedArchiveFile=" + archive);
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("QUARKUS_HTTP_HOST", HOST);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("POLICY_RULES_DIR", rules.toString());
        builder.environment().put("POLICY_RULES_WATCH", "false");
        builder.environment().put("QUARKUS_DATASOURCE_JDBC_URL", url);
        builder.environment().put("POLICY_RULES_COMPILED_CACHE", Boolean.toString(cached));
        builder.environment().put("POLICY_RULES_COMPILED_CACHE_DIR", cache.toString());
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        String base = "http://" + HOST + ":" + port;
        HttpRequest ready = HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).timeout(Duration.ofSeconds(5))
                .GET().build();
        HttpRequest decision = HttpRequest.newBuilder(URI.create(base + "/v1/decisions")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", HttpCheckBenchmark.AUTHORIZATION)
                .POST(HttpRequest.BodyPublishers.ofString(ClassArchiveTraining.E4_DECISION)).build();
        boolean kept = cached && Files.isDirectory(cache);
        long start = System.nanoTime();
        Process process = builder.start();
        try {
            double readyAfter = untilAnswered(process, log, client, ready, start);
            double decidedAfter = untilAnswered(process, log, client, decision, start);
            String output = Files.readString(log);
            Matcher started = STARTED_IN.matcher(output);
            double quarkus = started.find() ? Double.parseDouble(started.group(1)) : Double.NaN;
            boolean fromCache = output.contains(FROM_CACHE);
            if (fromCache != kept) {
                throw new IllegalStateException("a start with the cache " + (cached ? "on" : "off") + " took the rules "
                        + (fromCache ? "from it" : "compiled") + ":\n" + tail(log));
            }
            if (kind == Kind.ARCHIVED && output.contains(ARCHIVE_REFUSED)) {
                throw new IllegalStateException("the JVM did not use the class archive " + archive + ":\n" + tail(log));
            }
            System.out.printf(Locale.ROOT, "[bench] ready after %.2f s, first decision after %.2f s (Quarkus: started in"
                    + " %.2f s), %s%n", readyAfter, decidedAfter, quarkus, kind.label);
            return new Start(kind, readyAfter, decidedAfter, quarkus);
        } finally {
            Duration cpu = process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            CHILDREN_CPU_NANOS.addAndGet(cpu.toNanos());
        }
    }

    /** Seconds since {@code start} until {@code request} is answered 200; asks every 5 ms. */
    private static double untilAnswered(Process process, Path log, HttpClient client, HttpRequest request, long start)
            throws Exception {
        long deadline = start + WAIT_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + ":\n" + tail(log));
            }
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.nanoTime() - start) / 1e9;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        throw new IllegalStateException(request.uri() + " was not answered 200 within " + WAIT_WITHIN.toSeconds()
                + " s:\n" + tail(log));
    }

    // ---------------------------------------------------------------------------------------------
    // Reloads under load
    // ---------------------------------------------------------------------------------------------

    /**
     * One reload, in {@link System#nanoTime()}.
     *
     * @param deciding when a check was first answered by the new revision; 0 when none was
     * @param millis   the reload's own figure in its answer (compile, self-test, activation, record)
     */
    private record Reload(boolean warmup, long sent, long answered, long deciding, long millis) {

        double answerSeconds() {
            return (answered - sent) / 1e9;
        }

        double decidingSeconds() {
            return deciding == 0 ? Double.NaN : (deciding - sent) / 1e9;
        }
    }

    private record Reloads(List<Reload> reloads, Checks checks, long from, long to, List<Double> compileAlone,
                           List<Double> examplesAlone, int clients, MachineLoad.Usage usage) {

        void print() {
            List<Reload> measured = reloads.stream().filter(r -> !r.warmup()).toList();
            String line = "-".repeat(100);
            System.out.println();
            System.out.printf("Rule reload: POST /v1/rules/reload (a desk of one) while %d closed-loop clients send"
                    + " open-position checks; %d warm-up reloads, then %d measured%n", clients,
                    reloads.size() - measured.size(), measured.size());
            System.out.println(line);
            System.out.printf(Locale.ROOT, "%-8s %14s %20s %14s %16s%n", "reload", "answered s", "new revision decides s",
                    "its millis", "checks failed");
            System.out.println(line);
            int n = 0;
            for (Reload r : reloads) {
                String name = r.warmup() ? "warm-up" : Integer.toString(++n);
                System.out.printf(Locale.ROOT, "%-8s %14.3f %20.3f %14d %16d%n", name, r.answerSeconds(),
                        r.decidingSeconds(), r.millis(), checks.errorsBetween(r.sent(), r.answered()));
            }
            System.out.println(line);
            double answer = median(measured.stream().map(Reload::answerSeconds).toList());
            double worst = measured.stream().mapToDouble(Reload::answerSeconds).max().orElse(Double.NaN);
            double deciding = median(measured.stream().map(Reload::decidingSeconds).toList());
            double compile = median(compileAlone);
            double examples = median(examplesAlone);
            long failed = checks.errorsBetween(from, to);
            System.out.printf(Locale.ROOT, "baseline, the rules alone in the harness's JVM (warm, service idle): compile"
                    + " %.3f s, with the policy examples %.3f s (median over %d)%n", compile, compile + examples,
                    compileAlone.size());
            System.out.printf(Locale.ROOT, "reload under load: answered in %.3f s median (%.3f s worst), the new revision"
                    + " decides after %.3f s median; %.1fx the compile alone, %.1fx compile and examples%n", answer, worst,
                    deciding, answer / compile, answer / (compile + examples));
            LongPredicate during = t -> measured.stream().anyMatch(r -> t >= r.sent() && t <= r.answered());
            LongPredicate window = t -> t >= from && t <= to;
            double duringSeconds = measured.stream().mapToDouble(Reload::answerSeconds).sum();
            double outsideSeconds = (to - from) / 1e9 - duringSeconds;
            Histogram inside = checks.latency(window.and(during));
            Histogram outside = checks.latency(window.and(during.negate()));
            double rateDuring = inside.getTotalCount() / duringSeconds;
            double rateOutside = outside.getTotalCount() / outsideSeconds;
            System.out.printf(Locale.ROOT, "checks during reloads: %.0f/s, p99 %.2f ms, max %.1f ms; outside them: %.0f/s,"
                            + " p99 %.2f ms, max %.1f ms; during / outside: rate %.2f, p99 %.2f%n", rateDuring,
                    inside.getValueAtPercentile(99) / 1e6, inside.getMaxValue() / 1e6, rateOutside,
                    outside.getValueAtPercentile(99) / 1e6, outside.getMaxValue() / 1e6, rateDuring / rateOutside,
                    (double) inside.getValueAtPercentile(99) / outside.getValueAtPercentile(99));
            System.out.printf(Locale.ROOT, "checks failed while measuring: %d of %d%n", failed, checks.count(from, to));
            System.out.printf(Locale.ROOT, "target: reload <= %.0f s (worst) with 0 failed checks: %s%n",
                    TARGET_RELOAD_SECONDS, worst <= TARGET_RELOAD_SECONDS && failed == 0 ? "MET" : "NOT MET");
            System.out.println("load while measuring: " + usage.describe(List.of("load generator", "service")));
            if (usage.disturbed()) {
                System.out.printf(Locale.ROOT, "WARNING: other processes used %.2f cores while this was measured; the"
                        + " figures may be disturbed%n", usage.otherCores());
            }
        }
    }

    private static Reloads reloads(Path rules, Map<String, String> first, Map<String, String> second) throws Exception {
        int count = Integer.getInteger("bench.reload.count", 10);
        if (count < 1) {
            throw new IllegalArgumentException("bench.reload.count must be at least 1");
        }
        int warmups = Integer.getInteger("bench.reload.warmups", 4);
        long gap = TimeUnit.SECONDS.toNanos(Integer.getInteger("bench.reload.gap.seconds", 3));
        int clients = Integer.getInteger("bench.reload.clients", 4);
        int warmupSeconds = Integer.getInteger("bench.reload.warmup.seconds", 60);
        int accounts = Integer.getInteger("bench.http.accounts", 200);
        save(rules, first);
        String database = HttpCheckBenchmark.database(HttpCheckBenchmark.SERVICE_H2_SETTINGS);
        // the compiled-rules cache off: the two revisions toggled would be taken from it after the first
        // two reloads, and a reload is measured compiling
        Map<String, String> environment = Map.of("QUARKUS_DATASOURCE_JDBC_URL", database,
                "POLICY_RULES_APPROVALS_REQUIRED", "0", "POLICY_RULES_WATCH", "false", "POLICY_RULES_COMPILED_CACHE", "false");
        try (ServiceNodes service = ServiceNodes.start(HttpCheckBenchmark.jar("bench.http.jar"), rules, "reload-service",
                List.of(environment), Optional.empty())) {
            int port = service.nodes().get(0).port();
            List<byte[]> requests = HttpCheckBenchmark.createAccounts(port, accounts);

            List<Double> compileAlone = new ArrayList<>();
            List<Double> examplesAlone = new ArrayList<>();
            System.out.printf("[bench] the rules alone in this JVM: %d warm-up compiles, then %d measured ...%n", warmups,
                    count);
            for (int i = 0; i < warmups + count; i++) {
                long start = System.nanoTime();
                RuleSet compiled = compile(rules);
                long done = System.nanoTime();
                examples(compiled);
                long examined = System.nanoTime();
                compiled.retire();
                if (i >= warmups) {
                    compileAlone.add((done - start) / 1e9);
                    examplesAlone.add((examined - done) / 1e9);
                }
            }

            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String reload = "http://" + HOST + ":" + port + "/v1/rules/reload";
            try (Checks checks = Checks.start(port, requests, clients)) {
                System.out.printf("[bench] warming up: %d clients for %d s, then %d reloads ...%n", clients, warmupSeconds,
                        warmups);
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(warmupSeconds));
                List<Reload> done = new ArrayList<>();
                List<List<ProcessHandle>> measured = new ArrayList<>();
                measured.add(List.of(ProcessHandle.current()));
                measured.addAll(service.processGroups());
                MachineLoad.Sample before = null;
                long from = 0;
                for (int i = 0; i < warmups + count; i++) {
                    if (i == warmups) {
                        System.out.printf("[bench] measuring %d reloads, %d s apart ...%n", count, gap / 1_000_000_000L);
                        before = MachineLoad.sample(measured);
                        from = System.nanoTime();
                        LockSupport.parkNanos(gap);
                    }
                    Map<String, String> files = i % 2 == 0 ? second : first;
                    save(rules, files);
                    done.add(reload(client, reload, RuleFiles.of(files).revision(), checks, i < warmups));
                    LockSupport.parkNanos(gap);
                }
                long to = System.nanoTime();
                MachineLoad.Usage usage = MachineLoad.between(before, MachineLoad.sample(measured));
                checks.stop();
                return new Reloads(done, checks, from, to, compileAlone, examplesAlone, clients, usage);
            }
        }
    }

    private static Reload reload(HttpClient client, String uri, String revision, Checks checks, boolean warmup)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).header("Authorization", OFFICER)
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(WAIT_WITHIN).build();
        AtomicLong deciding = checks.await(revision);
        long sent = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        long answered = System.nanoTime();
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200 || !body.path("outcome").asText().equals("ACTIVATED")
                || !body.path("revision").asText().equals(revision)) {
            throw new IllegalStateException("the reload to " + revision + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        // the first check on the new revision may be answered a moment after the reload's answer
        long deadline = answered + TimeUnit.SECONDS.toNanos(10);
        while (deciding.get() == 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        Reload done = new Reload(warmup, sent, answered, deciding.get(), body.path("millis").asLong());
        System.out.printf(Locale.ROOT, "[bench] reload%s to %s: answered after %.3f s (its millis %d), new revision"
                        + " decides after %.3f s%n", warmup ? " (warm-up)" : "", revision.substring(0, 15), done.answerSeconds(),
                done.millis(), done.decidingSeconds());
        return done;
    }

    /**
     * Closed-loop clients sending open-position checks until stopped, each answer recorded with its
     * time: when it arrived, its latency, whether it failed. A reload sets the revision awaited; the
     * first answer that names it is when the new revision decides.
     */
    private static final class Checks implements AutoCloseable {

        private static final int FIRST = 1 << 16;

        private final List<Thread> threads = new ArrayList<>();
        private final long[][] arrived;
        private final long[][] latency;
        private final boolean[][] failed;
        private final int[] counts;
        private final AtomicReference<Awaited> awaited = new AtomicReference<>();
        private volatile boolean stopping;

        private record Awaited(byte[] revision, AtomicLong first) {
        }

        private Checks(int clients) {
            arrived = new long[clients][FIRST];
            latency = new long[clients][FIRST];
            failed = new boolean[clients][FIRST];
            counts = new int[clients];
        }

        static Checks start(int port, List<byte[]> requests, int clients) throws InterruptedException {
            Checks checks = new Checks(clients);
            CountDownLatch started = new CountDownLatch(clients);
            for (int c = 0; c < clients; c++) {
                int client = c;
                Thread thread = new Thread(() -> checks.drive(client, clients, port, requests, started), "bench-check-" + c);
                thread.setDaemon(true);
                checks.threads.add(thread);
                thread.start();
            }
            started.await();
            return checks;
        }

        AtomicLong await(String revision) {
            Awaited next = new Awaited(("\"ruleSetRevision\":\"" + revision + "\"").getBytes(StandardCharsets.US_ASCII),
                    new AtomicLong());
            awaited.set(next);
            return next.first();
        }

        private void drive(int client, int clients, int port, List<byte[]> requests, CountDownLatch started) {
            int next = (client * requests.size()) / clients;
            HttpCheckBenchmark.Connection connection = null;
            started.countDown();
            while (!stopping) {
                long sent = System.nanoTime();
                boolean ok;
                try {
                    if (connection == null) {
                        connection = new HttpCheckBenchmark.Connection(port);
                    }
                    ok = connection.exchange(requests.get(next)) == 200;
                    Awaited revision = awaited.get();
                    if (ok && revision != null && revision.first().get() == 0 && connection.bodyContains(revision.revision())) {
                        revision.first().compareAndSet(0, System.nanoTime());
                    }
                    if (connection.mustClose()) {
                        connection.close();
                        connection = null;
                    }
                } catch (IOException e) {
                    ok = false;
                    if (connection != null) {
                        connection.close();
                    }
                    connection = null;
                }
                long done = System.nanoTime();
                record(client, done, done - sent, !ok);
                next = next + 1 == requests.size() ? 0 : next + 1;
            }
            if (connection != null) {
                connection.close();
            }
        }

        private void record(int client, long at, long nanos, boolean error) {
            int i = counts[client];
            if (i == arrived[client].length) {
                arrived[client] = Arrays.copyOf(arrived[client], 2 * i);
                latency[client] = Arrays.copyOf(latency[client], 2 * i);
                failed[client] = Arrays.copyOf(failed[client], 2 * i);
            }
            arrived[client][i] = at;
            latency[client][i] = nanos;
            failed[client][i] = error;
            counts[client] = i + 1;
        }

        /** Stops the clients and waits for them; their records may be read afterwards. */
        void stop() throws InterruptedException {
            stopping = true;
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(60));
                if (thread.isAlive()) {
                    throw new IllegalStateException(thread.getName() + " did not finish: the service stopped answering");
                }
            }
        }

        long errorsBetween(long from, long to) {
            long errors = 0;
            for (int c = 0; c < counts.length; c++) {
                for (int i = 0; i < counts[c]; i++) {
                    if (failed[c][i] && arrived[c][i] >= from && arrived[c][i] <= to) {
                        errors++;
                    }
                }
            }
            return errors;
        }

        long count(long from, long to) {
            long count = 0;
            for (int c = 0; c < counts.length; c++) {
                for (int i = 0; i < counts[c]; i++) {
                    count += arrived[c][i] >= from && arrived[c][i] <= to ? 1 : 0;
                }
            }
            return count;
        }

        /** The latency of the checks answered at the moments {@code when} accepts. */
        Histogram latency(LongPredicate when) {
            Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            for (int c = 0; c < counts.length; c++) {
                for (int i = 0; i < counts[c]; i++) {
                    if (when.test(arrived[c][i])) {
                        histogram.recordValue(Math.min(latency[c][i], histogram.getHighestTrackableValue()));
                    }
                }
            }
            return histogram;
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().filter(v -> !v.isNaN()).sorted().toList();
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}

package com.riskpolicy.bench;

import static com.riskpolicy.ChildProcesses.freePort;
import static com.riskpolicy.ChildProcesses.tail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The packaged service under load: one node, or several on one database, each a child process on a
 * free loopback port with its log under {@code target/bench}. The nodes start one after the other,
 * each waited for until it is ready: the first migrates a fresh database, the next finds it migrated.
 * {@link #close} stops them all, and so does a shutdown hook when the benchmark fails or is
 * interrupted.
 */
final class ServiceNodes implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    private static final Duration READY_WITHIN = Duration.ofSeconds(120);

    /** One node of the service. */
    record Node(Process process, int port, Path log) {
    }

    private final List<Node> nodes = new CopyOnWriteArrayList<>();
    private final Optional<ProcessHandle> databaseServer;
    private final Thread stopOnExit = new Thread(this::stopAll, "stop-service");

    private ServiceNodes(Optional<ProcessHandle> databaseServer) {
        this.databaseServer = databaseServer;
    }

    /**
     * Starts a node of {@code jar} for every environment given (the database's settings and whatever
     * else tells the nodes apart), serving the rules in {@code rules}, and waits until each is ready.
     * The log of a single node is {@code target/bench/<name>.log}, of several {@code <name>-1.log},
     * {@code <name>-2.log} and so on.
     *
     * @param databaseServer the database's server process when it runs on this machine, whose CPU
     *                       (with its children's) each run reports beside the service's
     */
    static ServiceNodes start(Path jar, Path rules, String name, List<Map<String, String>> environments,
                              Optional<ProcessHandle> databaseServer) throws Exception {
        return start(jar, rules, name, environments, databaseServer, READY_WITHIN);
    }

    /** As above, waiting up to {@code readyWithin} for each node (one that rebuilds a large liquidation index). */
    static ServiceNodes start(Path jar, Path rules, String name, List<Map<String, String>> environments,
                              Optional<ProcessHandle> databaseServer, Duration readyWithin) throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: package the service first (BENCHMARKS.md, Run)");
        }
        ServiceNodes service = new ServiceNodes(databaseServer);
        Runtime.getRuntime().addShutdownHook(service.stopOnExit);
        try {
            for (int i = 0; i < environments.size(); i++) {
                String file = environments.size() == 1 ? name + ".log" : name + "-" + (i + 1) + ".log";
                Path log = Path.of("target", "bench", file).toAbsolutePath();
                Files.createDirectories(log.getParent());
                int port = freePort();
                Node node = new Node(launch(jar, rules, port, log, environments.get(i)), port, log);
                service.nodes.add(node);
                waitUntilReady(node, readyWithin);
            }
            return service;
        } catch (Exception | Error e) {
            service.close();
            throw e;
        }
    }

    List<Node> nodes() {
        return nodes;
    }

    /**
     * The processes whose CPU a run reports beside the load generator's: the nodes as one group, then,
     * when its server runs here, the database (the server and the processes it has started by now:
     * its backends, writers and autovacuum; one it starts later counts among the machine's others).
     */
    List<List<ProcessHandle>> processGroups() {
        List<List<ProcessHandle>> groups = new ArrayList<>();
        groups.add(nodes.stream().map(node -> node.process().toHandle()).toList());
        databaseServer.ifPresent(server -> groups.add(Stream.concat(Stream.of(server), server.descendants()).toList()));
        return groups;
    }

    /** CPU time of the threads named {@code prefix} in all nodes together. */
    Duration threadCpu(String prefix) {
        return nodes.stream().map(node -> MachineLoad.threadCpu(node.process().toHandle(), prefix))
                .reduce(Duration.ZERO, Duration::plus);
    }

    /** The threads of every node, by node and thread id, at one instant ({@link MachineLoad#threads}). */
    List<Map<Long, MachineLoad.ThreadCpu>> threads() {
        return nodes.stream().map(node -> MachineLoad.threads(node.process().toHandle())).toList();
    }

    /**
     * CPU time the nodes' threads used since {@code before} (a reading of {@link #threads}), by the
     * group {@code groupOf} names, all nodes together ({@link MachineLoad#threadCpuBetween}).
     */
    Map<String, Duration> threadCpuSince(List<Map<Long, MachineLoad.ThreadCpu>> before, Function<String, String> groupOf) {
        List<Map<Long, MachineLoad.ThreadCpu>> after = threads();
        Map<String, Duration> cpu = new HashMap<>();
        for (int node = 0; node < after.size(); node++) {
            MachineLoad.threadCpuBetween(before.get(node), after.get(node), groupOf)
                    .forEach((group, time) -> cpu.merge(group, time, Duration::plus));
        }
        return cpu;
    }

    /** Stops every node; safe to call more than once. */
    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: the nodes are being stopped either way
        }
    }

    private void stopAll() {
        for (Node node : nodes) {
            stop(node.process());
        }
    }

    private static Process launch(Path jar, Path rules, int port, Path log, Map<String, String> environment)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String jvmArgs = System.getProperty("bench.service.jvm.args", "").trim();
        if (!jvmArgs.isEmpty()) {
            command.addAll(Arrays.asList(jvmArgs.split("\\s+")));
        }
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("QUARKUS_HTTP_HOST", HOST);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("POLICY_RULES_DIR", rules.toString());
        builder.environment().putAll(environment);
        Process process = builder.start();
        System.out.printf("[bench] started the service (pid %d) on %s:%d: %s; log %s%n", process.pid(), HOST, port,
                String.join(" ", command), log);
        return process;
    }

    private static void waitUntilReady(Node node, Duration readyWithin) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + node.port() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long start = System.nanoTime();
        long deadline = start + readyWithin.toNanos();
        while (System.nanoTime() < deadline) {
            if (!node.process().isAlive()) {
                throw new IllegalStateException("the service exited with " + node.process().exitValue()
                        + " before it was ready:\n" + tail(node.log()));
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    System.out.printf(Locale.ROOT, "[bench] service ready after %.1f s%n", (System.nanoTime() - start) / 1e9);
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            node.process().waitFor(200, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException("the service was not ready within " + readyWithin.toSeconds() + " s:\n"
                + tail(node.log()));
    }

    private static void stop(Process service) {
        if (!service.isAlive()) {
            return;
        }
        // what each node worked shows that the clients reached every node
        Duration cpu = service.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
        service.destroy();
        try {
            if (!service.waitFor(20, TimeUnit.SECONDS)) {
                service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            service.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        System.out.printf(Locale.ROOT, "[bench] stopped the service (pid %d) after %.0f s of CPU%n", service.pid(),
                cpu.toMillis() / 1e3);
    }
}

package com.riskpolicy.durability;

import static com.riskpolicy.ChildProcesses.freePort;
import static com.riskpolicy.ChildProcesses.tail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.riskpolicy.TestDatabase;
import com.riskpolicy.rules.ShippedRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}, built by {@code package} before
 * failsafe runs) as a child process: started in a working directory of its own, so that it keeps its
 * ledger in the default place ({@code ./data}) with the default settings (the jar built with
 * -Ppostgres: in a schema of its own on the test server), and serves a copy of the shipped
 * {@code rules/}. It can be killed with SIGKILL and started again on the same database.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final int port;
    /**
     * HTTP/1.1, as a load balancer in front of the nodes speaks it. (Java's client would otherwise ask
     * for HTTP/2 on every new connection, and over HTTP/2 the service answers a POST without a body,
     * such as {@code /v1/rules/reload}, with a bare 500: api.OversizedBodyHandler takes it for a chunked
     * body and reads it, and the REST layer then fails to pause a request already read.)
     */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private List<String> jvmOptions = List.of("-Xmx1g");
    private String database;
    private Process process;
    private int starts;

    private ServiceProcess(Path directory, int port) {
        this.directory = directory;
        this.port = port;
        this.database = directory.getFileName().toString();
    }

    /**
     * A service that will run in {@code directory}, emptied first, with a copy of the shipped rules;
     * on PostgreSQL ({@link TestDatabase}) in a schema named after the directory, dropped first.
     */
    public static ServiceProcess in(Path directory) throws IOException {
        deleteRecursively(directory);
        if (TestDatabase.postgres()) {
            try {
                TestDatabase.drop(TestDatabase.schema(directory.getFileName().toString()));
            } catch (SQLException e) {
                throw new IllegalStateException("could not drop the schema of " + directory, e);
            }
        }
        Path rules = directory.resolve("rules");
        Files.createDirectories(rules);
        ShippedRules.copy(Path.of(System.getProperty("service.rules", "rules")), rules);
        return new ServiceProcess(directory, freePort());
    }

    /**
     * On PostgreSQL, works in the schema of the database called {@code name} ({@link TestDatabase#schema(String)})
     * instead of the one named after its directory: several services given one name share a database,
     * as the nodes of a cluster do. Whoever names it drops it ({@link TestDatabase#drop}).
     */
    ServiceProcess database(String name) {
        this.database = name;
        return this;
    }

    /**
     * Sets an environment variable for every start from now on (a database, a node id), over the
     * settings {@link #start()} makes itself.
     */
    ServiceProcess environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** The packaged service's jar (failsafe's {@code service.jar}). */
    public static Path jar() {
        return Path.of(System.getProperty("service.jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
    }

    /** The JVM's options for every start from now on, instead of {@code -Xmx1g}. */
    public ServiceProcess jvmOptions(List<String> options) {
        this.jvmOptions = List.copyOf(options);
        return this;
    }

    /** Starts the service and waits until it is ready; its output goes to {@code service-N.log}. */
    public void start() throws IOException, InterruptedException {
        Path jar = jar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: failsafe runs after `package`");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = directory.resolve("service-" + (++starts) + ".log");
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("POLICY_RULES_WATCH", "false");
        if (TestDatabase.postgres()) {
            // the jar built with -Ppostgres, pointed at the schema as a deployment would point it at its database
            String schema = TestDatabase.schema(database);
            builder.environment().put("QUARKUS_DATASOURCE_JDBC_URL", TestDatabase.url(schema));
            builder.environment().put("QUARKUS_DATASOURCE_USERNAME", TestDatabase.user());
            builder.environment().put("QUARKUS_DATASOURCE_PASSWORD", TestDatabase.password());
            builder.environment().put("QUARKUS_FLYWAY_SCHEMAS", schema);
        }
        builder.environment().putAll(environment);
        process = builder.start();
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + ":\n" + tail(log));
            }
            if (ready()) {
                return;
            }
            process.waitFor(200, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException("the service was not ready within " + READY_WITHIN + ":\n" + tail(log));
    }

    /** SIGKILL: the process ends at once, without its shutdown hooks (what {@code kill -9} does). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    public Path directory() {
        return directory;
    }

    /** The rules folder this service serves: its own copy. */
    Path rules() {
        return directory.resolve("rules");
    }

    /** Where the service listens, e.g. {@code http://127.0.0.1:41234}. */
    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** One request as {@code user} (its password is its name: the demo users). */
    public Answer send(String user, String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
        return new Answer(response.statusCode(), json, response.body());
    }

    public record Answer(int status, JsonNode json, String text) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private boolean ready() {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                            URI.create(baseUrl() + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> all = Files.walk(directory)) {
            all.sorted((a, b) -> b.compareTo(a)).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}

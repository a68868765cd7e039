package com.riskpolicy.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.riskpolicy.Await;
import com.riskpolicy.durability.ServiceProcess.Answer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two nodes of the packaged PostgreSQL service on one database (issue 12, "What must hold with
 * several nodes on one database"): the jar started twice as child processes, on two ports, in a
 * schema of its own ({@link ClusterSchema}), each node with its own copy of the rules folder. The
 * tests run in order on the same two nodes; each sets the mark prices it relies on first, so what an
 * earlier one left on the ledger does not change what a later one sees.
 *
 * <ol>
 *   <li>No lost update: deposits, isolated margin moves and leverage changes on the same accounts
 *       through both nodes at once leave every account exactly as the acknowledged requests say.</li>
 *   <li>Read your writes: a check and a read on one node, right after an action answered by the
 *       other, decide on and show the new state.</li>
 *   <li>Ticks: through either node; each position liquidated once when both nodes get the same
 *       price at once; a margin call raised once, whichever node ticks and after a restart.</li>
 *   <li>One rule set: a reload on one node opens a proposal; once approved it is served by the
 *       other within 2 s; a node started with an older folder serves the cluster's revision.</li>
 *   <li>{@code kill -9} of one node under load: nothing acknowledged lost, the other node serves on
 *       and its next tick liquidates what the dead node made due.</li>
 * </ol>
 *
 * It prints what it measures, with the prefix {@code [cluster]}. Run by {@code ./mvnw verify -Ppostgres}
 * only (pom.xml: the H2 jar cannot be shared by two processes).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final String PLATFORM = "platform";
    private static final String OFFICER = "officer";
    /** The demo users' second risk officer, who approves what {@link #OFFICER} reloads. */
    private static final String APPROVER = "approver";
    private static final String AUDITOR = "auditor";
    private static final String BTC = "BTCUSDT";
    private static final String ETH = "ETHUSDT";
    private static final String ALLOW = "ALLOW";
    private static final String DENY = "DENY";
    private static final String ISOLATED_LIQUIDATION = "ISOLATED_LIQUIDATION";
    private static final String MARGIN_CALL = "MARGIN_CALL";
    /** What issue 12 allows for an activation to reach every node. */
    private static final Duration ACTIVATION_REACHES_EVERY_NODE = Duration.ofSeconds(2);
    /** What issue 12 allows for another node to take over the ticks of a killed one. */
    private static final Duration TAKE_OVER = Duration.ofSeconds(10);

    private ClusterSchema schema;
    private ServiceProcess node1;
    private ServiceProcess node2;

    @BeforeAll
    void startTwoNodesOnOneSchema() throws Exception {
        schema = ClusterSchema.named("cluster");
        node1 = schema.node(Path.of("target", "cluster"), "node-1");
        node2 = schema.node(Path.of("target", "cluster"), "node-2");
        long started = System.nanoTime();
        node1.start();
        node2.start();
        System.out.printf("[cluster] two nodes ready on schema %s in %d ms%n", schema.name(), millisSince(started));
    }

    @AfterAll
    void stopNodesAndDropSchema() throws Exception {
        try {
            for (ServiceProcess node : new ServiceProcess[] {node1, node2}) {
                if (node != null) {
                    node.close();
                }
            }
        } finally {
            if (schema != null) {
                schema.close();
            }
        }
    }


    // ---------------------------------------------------------------------------------------------
    // 1. No lost update across nodes
    // ---------------------------------------------------------------------------------------------

    private static final int BOOKS = 4;
    private static final int THREADS_PER_NODE = 3;
    private static final int ACTIONS_PER_THREAD = 60;

    /**
     * Each account holds an isolated long of 0.01 BTC at 60,000 with 530 of margin, far more than its
     * 20x requires (30): no removal here can be refused, and lowering the leverage from 25 back to 20
     * never tops the margin up. So every action moves exactly its amount, whatever order the two
     * nodes commit them in, and the wallet and the margin of each account are known to the last unit.
     */
    @Test
    @Order(1)
    void concurrent_actions_on_the_same_accounts_through_both_nodes_lose_no_update() throws Exception {
        tick(node1, BTC, "60000");
        List<Book> books = new ArrayList<>();
        for (int i = 0; i < BOOKS; i++) {
            ServiceProcess via = i % 2 == 0 ? node1 : node2;
            String accountId = "lost-update-" + i;
            isolatedLong(via, accountId, "10000", BTC, "0.01", "60000", "20");
            ok(via.send(PLATFORM, "POST", "/v1/accounts/" + accountId + "/positions/" + BTC + "/margin",
                    Map.of("type", "ADD", "amount", "500")));
            books.add(new Book(accountId, wallet(read(via, accountId)), isolatedMargin(read(via, accountId), BTC)));
        }

        long seed = System.nanoTime();
        Queue<String> refused = new ConcurrentLinkedQueue<>();
        AtomicInteger leverageChanges = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_NODE);
        List<Future<?>> running = new ArrayList<>();
        long started = System.nanoTime();
        for (int t = 0; t < 2 * THREADS_PER_NODE; t++) {
            ServiceProcess via = t % 2 == 0 ? node1 : node2;
            Random random = new Random(seed + t);
            running.add(pool.submit(() -> {
                for (int n = 0; n < ACTIONS_PER_THREAD; n++) {
                    Book book = books.get(random.nextInt(books.size()));
                    String account = "/v1/accounts/" + book.accountId;
                    BigDecimal amount = BigDecimal.valueOf(random.nextLong(1, 100_000_000L), 8);
                    switch (random.nextInt(4)) {
                        case 0 -> {
                            BigDecimal deposit = amount.add(BigDecimal.valueOf(random.nextInt(100)));
                            if (acknowledged(via.send(PLATFORM, "POST", account + "/deposits",
                                    Map.of("currency", "USDT", "amount", deposit.toPlainString())), refused)) {
                                book.deposited(deposit);
                            }
                        }
                        case 1 -> {
                            if (acknowledged(via.send(PLATFORM, "POST", account + "/positions/" + BTC + "/margin",
                                    Map.of("type", "ADD", "amount", amount.toPlainString())), refused)) {
                                book.moved(amount);
                            }
                        }
                        case 2 -> {
                            if (acknowledged(via.send(PLATFORM, "POST", account + "/positions/" + BTC + "/margin",
                                    Map.of("type", "REMOVE", "amount", amount.toPlainString())), refused)) {
                                book.moved(amount.negate());
                            }
                        }
                        default -> {
                            String leverage = random.nextBoolean() ? "25" : "20";
                            if (acknowledged(via.send(PLATFORM, "PUT", account + "/leverages/" + BTC,
                                    Map.of("leverage", leverage)), refused)) {
                                leverageChanges.incrementAndGet();
                            }
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> thread : running) {
            thread.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        long millis = millisSince(started);

        for (Book book : books) {
            for (ServiceProcess via : List.of(node1, node2)) {
                JsonNode account = read(via, book.accountId);
                assertEquals(book.wallet().toPlainString(), wallet(account).toPlainString(),
                        book.accountId + "'s wallet read through " + nodeName(via) + " after " + book);
                assertEquals(book.isolatedMargin().toPlainString(), isolatedMargin(account, BTC).toPlainString(),
                        book.accountId + "'s isolated margin read through " + nodeName(via) + " after " + book);
            }
        }
        assertTrue(refused.isEmpty(), "nothing here may be refused, yet: " + refused);
        int actions = 2 * THREADS_PER_NODE * ACTIONS_PER_THREAD;
        System.out.printf("[cluster] no lost update: %d actions (%s, %d leverage changes) by %d threads on each node"
                        + " on %d accounts in %d ms (%.0f actions/s), every wallet and isolated margin exact to 0.00000001"
                        + " on both nodes (seed %d)%n",
                actions, books.stream().map(Book::counts).reduce((a, b) -> a + "; " + b).orElse(""),
                leverageChanges.get(), THREADS_PER_NODE, BOOKS, millis, actions * 1000.0 / Math.max(1, millis), seed);
    }

    /** One account's wallet and isolated margin as the acknowledged actions leave them. */
    private static final class Book {
        final String accountId;
        private BigDecimal wallet;
        private BigDecimal isolatedMargin;
        private int deposits;
        private int moves;

        Book(String accountId, BigDecimal wallet, BigDecimal isolatedMargin) {
            this.accountId = accountId;
            this.wallet = wallet;
            this.isolatedMargin = isolatedMargin;
        }

        synchronized void deposited(BigDecimal amount) {
            wallet = wallet.add(amount);
            deposits++;
        }

        /** Margin added (positive) or removed (negative): it leaves the wallet for the position or comes back. */
        synchronized void moved(BigDecimal amount) {
            wallet = wallet.subtract(amount);
            isolatedMargin = isolatedMargin.add(amount);
            moves++;
        }

        synchronized BigDecimal wallet() {
            return wallet.setScale(8);
        }

        synchronized BigDecimal isolatedMargin() {
            return isolatedMargin.setScale(8);
        }

        synchronized String counts() {
            return accountId + ": " + deposits + " deposits, " + moves + " margin moves";
        }

        @Override
        public synchronized String toString() {
            return counts() + " acknowledged (wallet " + wallet + ", isolated margin " + isolatedMargin + ")";
        }
    }

    // ---------------------------------------------------------------------------------------------
    // 2. Read your writes across nodes
    // ---------------------------------------------------------------------------------------------

    private static final int ALTERNATIONS = 200;

    /**
     * An account whose wallet moves between 970 and 969 as one unit of margin goes into its isolated
     * position and back. Adding 970 of margin is allowed exactly while the wallet holds 970 (no cross
     * positions: all of it is transferable), so a check of that flips with every action. Each action
     * is answered by one node and checked and read at once on the other; the writing node changes
     * every second action.
     */
    @Test
    @Order(2)
    void a_check_on_one_node_decides_on_what_the_other_node_just_answered() throws Exception {
        tick(node1, BTC, "60000");
        String accountId = "read-your-writes";
        isolatedLong(node1, accountId, "1000", BTC, "0.01", "60000", "20");
        BigDecimal full = wallet(read(node2, accountId));
        assertEquals(0, full.compareTo(new BigDecimal("970")), "the position took 30 of margin");
        BigDecimal margin = isolatedMargin(read(node2, accountId), BTC);
        Map<String, Object> addAll = Map.of("accountId", accountId, "symbol", BTC, "amount", full.toPlainString());
        assertEquals(ALLOW, ok(node2.send(PLATFORM, "POST", "/v1/checks/add-margin", addAll)).json().get("decision").asText());

        long worst = 0;
        for (int i = 0; i < ALTERNATIONS; i++) {
            boolean add = i % 2 == 0;
            ServiceProcess writer = (i / 2) % 2 == 0 ? node1 : node2;
            ServiceProcess reader = writer == node1 ? node2 : node1;
            ok(writer.send(PLATFORM, "POST", "/v1/accounts/" + accountId + "/positions/" + BTC + "/margin",
                    Map.of("type", add ? "ADD" : "REMOVE", "amount", "1")));
            long answered = System.nanoTime();
            JsonNode check = ok(reader.send(PLATFORM, "POST", "/v1/checks/add-margin", addAll)).json();
            JsonNode account = read(reader, accountId);
            worst = Math.max(worst, System.nanoTime() - answered);
            String what = "alternation " + i + ": " + (add ? "ADD" : "REMOVE") + " answered by " + nodeName(writer)
                    + ", then " + nodeName(reader);
            if (add) {
                assertEquals(DENY, check.get("decision").asText(), what + " checked " + check);
                assertEquals("INSUFFICIENT_CROSS_BALANCE", check.get("violations").get(0).get("code").asText(), what);
                assertEquals(0, wallet(account).compareTo(full.subtract(BigDecimal.ONE)), what + " read " + account);
                assertEquals(0, isolatedMargin(account, BTC).compareTo(margin.add(BigDecimal.ONE)), what + " read " + account);
            } else {
                assertEquals(ALLOW, check.get("decision").asText(), what + " checked " + check);
                assertEquals(0, wallet(account).compareTo(full), what + " read " + account);
                assertEquals(0, isolatedMargin(account, BTC).compareTo(margin), what + " read " + account);
            }
        }
        System.out.printf("[cluster] read your writes: %d actions each followed at once by a check and a read on the"
                        + " other node, all on the new state (slowest check and read after the answer: %d ms)%n",
                ALTERNATIONS, TimeUnit.NANOSECONDS.toMillis(worst));
    }

    // ---------------------------------------------------------------------------------------------
    // 3. Ticks through either node
    // ---------------------------------------------------------------------------------------------

    /*
     * The ETH positions below are isolated longs of 1 ETH at 3,000 with 10x (300 of margin). Their
     * maintenance margin is 0.4 % of the value (tier 1), so the risk ratio reaches 1 at
     * (3,000 - 300) / 0.996 = 2,710.84 and the margin call's 0.8 at 2,160 / 0.796 = 2,713.57.
     */
    private static final String ETH_ENTRY = "3000";
    private static final String ETH_LIQUIDATING = "2700";
    private static final int CONCURRENT_ROUNDS = 3;
    private static final int POSITIONS_PER_ROUND = 8;

    @Test
    @Order(3)
    void a_position_opened_through_one_node_is_liquidated_by_a_tick_through_the_other() throws Exception {
        tick(node1, ETH, ETH_ENTRY);
        String accountId = "tick-other-node";
        isolatedLong(node1, accountId, "10000", ETH, "1", ETH_ENTRY, "10");

        long sent = System.nanoTime();
        JsonNode answer = tick(node2, ETH, ETH_LIQUIDATING);
        long millis = millisSince(sent);
        assertEquals(1, events(answer, ISOLATED_LIQUIDATION, accountId), "node-2's tick: " + answer);
        assertTrue(read(node1, accountId).get("positions").isEmpty(), "node-1 still shows the position");
        assertEquals(1, storedEvents(node1, accountId, ISOLATED_LIQUIDATION));
        System.out.printf("[cluster] ticks: a position opened through node-1 was liquidated by node-2's tick"
                + " (answered in %d ms)%n", millis);
    }

    @Test
    @Order(4)
    void the_same_price_sent_to_both_nodes_at_once_liquidates_each_position_once() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 1; round <= CONCURRENT_ROUNDS; round++) {
                // the last round opens every position through node-1 and then restarts node-2, which so
                // finds them all in the database as it builds its index
                boolean restart = round == CONCURRENT_ROUNDS;
                tick(round % 2 == 0 ? node2 : node1, ETH, ETH_ENTRY);
                List<String> accounts = new ArrayList<>();
                for (int i = 0; i < POSITIONS_PER_ROUND; i++) {
                    String accountId = "tick-both-" + round + "-" + i;
                    isolatedLong(i % 2 == 0 || restart ? node1 : node2, accountId, "10000", ETH, "1", ETH_ENTRY, "10");
                    accounts.add(accountId);
                }
                if (restart) {
                    node2.kill();
                    node2.start();
                }
                CyclicBarrier together = new CyclicBarrier(2);
                Future<JsonNode> first = pool.submit(() -> {
                    together.await();
                    return tick(node1, ETH, ETH_LIQUIDATING);
                });
                Future<JsonNode> second = pool.submit(() -> {
                    together.await();
                    return tick(node2, ETH, ETH_LIQUIDATING);
                });
                JsonNode byNode1 = first.get(2, TimeUnit.MINUTES);
                JsonNode byNode2 = second.get(2, TimeUnit.MINUTES);
                int liquidatedBy1 = 0;
                int liquidatedBy2 = 0;
                for (String accountId : accounts) {
                    int one = events(byNode1, ISOLATED_LIQUIDATION, accountId);
                    int two = events(byNode2, ISOLATED_LIQUIDATION, accountId);
                    assertEquals(1, one + two, accountId + " liquidated by node-1's tick " + one + " times, by node-2's "
                            + two + " times");
                    assertEquals(1, storedEvents(node1, accountId, ISOLATED_LIQUIDATION), accountId + "'s stored events");
                    liquidatedBy1 += one;
                    liquidatedBy2 += two;
                }
                System.out.printf("[cluster] same price at both nodes at once, round %d%s: %d positions each liquidated"
                                + " once (%d by node-1's tick, %d by node-2's)%n", round,
                        restart ? " (opened through node-1, node-2 restarted)" : " (opened through both nodes)",
                        accounts.size(), liquidatedBy1, liquidatedBy2);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * At 2,712 the position's risk ratio is 10.848 / 12 = 0.904, at 2,711.5 it is 0.943: both call
     * for margin, neither liquidates. Back at 3,000 it is 0.04, which ends the call.
     */
    @Test
    @Order(5)
    void a_margin_call_is_raised_once_whichever_node_ticks_and_after_a_restart() throws Exception {
        tick(node1, ETH, ETH_ENTRY);
        String accountId = "margin-call";
        isolatedLong(node1, accountId, "10000", ETH, "1", ETH_ENTRY, "10");

        assertEquals(1, events(tick(node1, ETH, "2712"), MARGIN_CALL, accountId), "node-1's tick at 2712 calls for margin");
        assertEquals(0, events(tick(node2, ETH, "2712"), MARGIN_CALL, accountId), "node-2's tick at the same price");
        assertEquals(0, events(tick(node2, ETH, "2711.5"), MARGIN_CALL, accountId), "node-2's tick at a worse price");
        node2.kill();
        long restarted = System.nanoTime();
        node2.start();
        long restartMillis = millisSince(restarted);
        assertEquals(0, events(tick(node2, ETH, "2711.5"), MARGIN_CALL, accountId), "restarted node-2's tick");
        assertEquals(0, events(tick(node1, ETH, "2711.2"), MARGIN_CALL, accountId), "node-1's tick at a worse price");
        assertEquals(1, storedEvents(node2, accountId, MARGIN_CALL));

        // the call ends when the ratio recovers, and then either node calls again
        assertEquals(0, events(tick(node1, ETH, ETH_ENTRY), MARGIN_CALL, accountId));
        assertEquals(1, events(tick(node2, ETH, "2712"), MARGIN_CALL, accountId), "node-2's tick after the recovery");
        assertEquals(2, storedEvents(node1, accountId, MARGIN_CALL));
        assertEquals(1, read(node1, accountId).get("positions").size(), "a margin call closes nothing");
        System.out.printf("[cluster] margin call: raised by node-1's tick at 2712; none by node-2 at 2712 and 2711.5,"
                + " by node-2 after a kill -9 and restart (%d ms) at 2711.5, by node-1 at 2711.2; raised again by node-2"
                + " once the ratio had recovered at 3000%n", restartMillis);
    }

    // ---------------------------------------------------------------------------------------------
    // 4. One rule set for the cluster
    // ---------------------------------------------------------------------------------------------

    @Test
    @Order(6)
    void an_approved_reload_on_one_node_is_served_by_every_node_and_by_one_that_starts_with_an_older_folder() throws Exception {
        String before = rules(node1).get("revision").asText();
        assertEquals(before, rules(node2).get("revision").asText(), "both nodes serve the same rules to begin with");
        String accountId = "rule-set";
        ok(node1.send(PLATFORM, "POST", "/v1/accounts", Map.of("accountId", accountId, "balances", Map.of("USDT", "1000"))));
        assertEquals("20", defaultLeverage(node2, accountId, before), "the shipped default leverage");

        // the risk officer edits node-1's folder and reloads there: a proposal, which a second officer approves
        Path parameters = node1.rules().resolve("risk-parameters.csv");
        String shipped = Files.readString(parameters);
        String edited = shipped.replace("default-leverage,20,", "default-leverage,19,");
        assertNotEquals(shipped, edited, "risk-parameters.csv has the default leverage");
        Files.writeString(parameters, edited);
        ServiceProcess.Answer proposed = ok(node1.send(OFFICER, "POST", "/v1/rules/reload", null));
        assertEquals(202, proposed.status(), proposed.text());
        JsonNode proposal = proposed.json();
        assertEquals("OPEN", proposal.get("status").asText(), proposal.toString());
        assertEquals(before, rules(node2).get("revision").asText(), "nothing is activated before the approval");
        long sent = System.nanoTime();
        JsonNode approval = ok(node1.send(APPROVER, "POST", "/v1/rules/proposals/" + proposal.get("proposalId").asLong()
                + "/approvals", null)).json();
        long answered = System.nanoTime();
        assertEquals("APPROVED", approval.get("status").asText(), approval.toString());
        String after = approval.get("revision").asText();
        assertNotEquals(before, after);

        String served = Await.until(() -> rules(node2).get("revision").asText(), after::equals, Duration.ofSeconds(30));
        long reached = System.nanoTime();
        assertEquals(after, served, "node-2 never served the revision activated on node-1");
        Duration sinceAnswer = Duration.ofNanos(reached - answered);
        System.out.printf("[cluster] rule set: the approval of node-1's reload answered in %d ms; node-2 served the new"
                        + " revision %d ms after that answer (%d ms after the approval was sent)%n",
                TimeUnit.NANOSECONDS.toMillis(answered - sent), sinceAnswer.toMillis(),
                TimeUnit.NANOSECONDS.toMillis(reached - sent));
        assertEquals("19", defaultLeverage(node2, accountId, after), "node-2 decides with the edited parameter");

        // every node's view of the cluster: both nodes, both on the new revision
        Set<String> expected = Set.of("node-1", "node-2");
        for (ServiceProcess via : List.of(node1, node2)) {
            JsonNode cluster = Await.until(() -> rules(via).get("cluster"),
                    c -> liveNodesServing(c, after).equals(expected), Duration.ofSeconds(10));
            assertEquals(after, cluster.get("revision").asText(), cluster.toString());
            assertEquals(nodeName(via), cluster.get("node").asText(), cluster.toString());
            assertTrue(cluster.get("servesRevision").asBoolean(), cluster.toString());
            assertEquals(expected, liveNodesServing(cluster, after), "live nodes serving " + after + ": " + cluster);
            for (JsonNode node : cluster.get("nodes")) {
                assertTrue(node.hasNonNull("lastSeen") && node.hasNonNull("startedAt"), node.toString());
            }
            JsonNode ready = readiness(via);
            assertEquals(nodeName(via), ready.get("node").asText(), ready.toString());
            assertEquals(after, ready.get("clusterRevision").asText(), ready.toString());
            assertTrue(ready.get("servesClusterRevision").asBoolean(), ready.toString());
        }

        // node-2's folder still holds the shipped rules: started again, it serves the cluster's revision
        node2.kill();
        long restarted = System.nanoTime();
        node2.start();
        JsonNode restartedRules = rules(node2);
        assertEquals(after, restartedRules.get("revision").asText(), "node-2 started with the older folder: " + restartedRules);
        assertEquals(before, restartedRules.get("folderRevision").asText(), restartedRules.toString());
        assertTrue(restartedRules.get("cluster").get("servesRevision").asBoolean(), restartedRules.toString());
        assertEquals("19", defaultLeverage(node2, accountId, after), "restarted node-2 decides with the cluster's rules");
        System.out.printf("[cluster] rule set: node-2 restarted with the shipped folder in %d ms, serving the cluster's"
                + " revision %s%n", millisSince(restarted), after);

        // last, so that a slow follower does not hide whether the rest holds
        assertTrue(sinceAnswer.compareTo(ACTIVATION_REACHES_EVERY_NODE) <= 0,
                "node-2 served the new revision " + sinceAnswer.toMillis() + " ms after node-1 activated it");
    }

    /** The leverage an opening without one would take on {@code via}, checked with the rule set {@code revision}. */
    private static String defaultLeverage(ServiceProcess via, String accountId, String revision)
            throws IOException, InterruptedException {
        JsonNode check = ok(via.send(PLATFORM, "POST", "/v1/checks/open-position", Map.of("accountId", accountId,
                "symbol", ETH, "side", "LONG", "quantity", "0.01", "price", ETH_ENTRY))).json();
        assertEquals(revision, check.get("ruleSetRevision").asText(), "the rule set that decided: " + check);
        return check.get("preview").get("after").get("leverage").asText();
    }

    private static Set<String> liveNodesServing(JsonNode cluster, String revision) {
        Set<String> nodes = new HashSet<>();
        for (JsonNode node : cluster.get("nodes")) {
            if (node.get("live").asBoolean() && revision.equals(node.get("revision").asText())
                    && node.get("servesRevision").asBoolean()) {
                nodes.add(node.get("nodeId").asText());
            }
        }
        return nodes;
    }

    // ---------------------------------------------------------------------------------------------
    // 5. kill -9 of one node under load
    // ---------------------------------------------------------------------------------------------

    private static final int LOAD_ACCOUNTS = 4;
    private static final int WORKERS_PER_NODE = 2;
    /** Acknowledged actions every worker reaches before the kill, and every survivor's worker after it. */
    private static final int ACTIONS_BEFORE_KILL = 30;
    private static final int ACTIONS_AFTER_KILL = 20;
    private static final String DUE_PRICE = "2900";

    /**
     * Workers on both nodes deposit into and move margin on the same accounts while a ticker on each
     * node ticks BTC. Meanwhile, through node-1, an ETH position opened through node-2 gives up 200 of
     * its 300 of margin: its liquidation price rises from 2,710.84 to (3,000 - 100) / 0.996 = 2,911.65.
     * Then node-1 is killed; a tick at 2,900 through node-2 must liquidate that position.
     */
    @Test
    @Order(7)
    void killing_one_node_under_load_loses_nothing_acknowledged_and_the_other_takes_over() throws Exception {
        ServiceProcess victim = node1;
        ServiceProcess survivor = node2;
        tick(survivor, BTC, "60000");
        tick(survivor, ETH, ETH_ENTRY);
        List<Book> books = new ArrayList<>();
        Queue<String> decisions = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < LOAD_ACCOUNTS; i++) {
            String accountId = "kill-" + i;
            decisions.addAll(isolatedLong(i % 2 == 0 ? victim : survivor, accountId, "10000", BTC, "0.01", "60000", "20"));
            JsonNode account = read(survivor, accountId);
            books.add(new Book(accountId, wallet(account), isolatedMargin(account, BTC)));
        }
        String dueAccount = "due-through-the-dead-node";
        decisions.addAll(isolatedLong(survivor, dueAccount, "10000", ETH, "1", ETH_ENTRY, "10"));

        Load load = new Load(books, decisions, victim);
        List<Worker> workers = new ArrayList<>();
        long seed = System.nanoTime();
        for (int i = 0; i < WORKERS_PER_NODE; i++) {
            workers.add(load.start(victim, seed + 2L * i));
            workers.add(load.start(survivor, seed + 2L * i + 1));
        }
        Ticker victimTicker = load.ticker(victim);
        Ticker survivorTicker = load.ticker(survivor);
        assertTrue(Await.until(() -> workers.stream().allMatch(w -> w.acknowledged.get() >= ACTIONS_BEFORE_KILL)
                        || !load.unexpected.isEmpty(), Duration.ofMinutes(3)),
                "the workers did not get through their actions: " + load.unexpected);
        assertTrue(load.unexpected.isEmpty(), "answers other than 2xx before the kill: " + load.unexpected);

        JsonNode removed = ok(victim.send(PLATFORM, "POST", "/v1/accounts/" + dueAccount + "/positions/" + ETH + "/margin",
                Map.of("type", "REMOVE", "amount", "200"))).json();
        decisions.add(removed.get("decision").get("decisionId").asText());
        assertEquals(0, tick(survivor, ETH, ETH_ENTRY).get("events").size(), "at the entry price nothing is due");

        load.dying = true;
        victim.kill();
        long killed = System.nanoTime();
        load.killed = true;
        JsonNode takeOver = null;
        int attempts = 0;
        while (takeOver == null && System.nanoTime() - killed < TimeUnit.MINUTES.toNanos(2)) {
            attempts++;
            Answer answer = survivor.send(PLATFORM, "PUT", "/v1/mark-prices/" + ETH, Map.of("price", DUE_PRICE));
            if (answer.ok()) {
                takeOver = answer.json();
            } else {
                System.out.printf("[cluster] tick through the survivor, attempt %d: %d %s%n", attempts, answer.status(), answer.text());
            }
        }
        Duration tookOver = Duration.ofNanos(System.nanoTime() - killed);
        System.out.printf("[cluster] kill -9 of node-1: node-2's first tick answered %d ms after the kill (%d attempt(s))%n",
                tookOver.toMillis(), attempts);
        assertTrue(takeOver != null, "node-2 never answered a tick after node-1 was killed");
        assertEquals(1, events(takeOver, ISOLATED_LIQUIDATION, dueAccount),
                "the tick through node-2 liquidates what node-1 made due before it died: " + takeOver);
        assertTrue(tookOver.compareTo(TAKE_OVER) <= 0, "node-2 took " + tookOver.toMillis() + " ms to tick after the kill");

        List<Worker> survivors = workers.stream().filter(w -> w.node == survivor).toList();
        assertTrue(Await.until(() -> survivors.stream().allMatch(w -> w.afterKill.get() >= ACTIONS_AFTER_KILL)
                        || !load.unexpected.isEmpty(), Duration.ofMinutes(2)),
                "node-2's workers did not get on after the kill: " + load.unexpected);
        load.stop();
        for (Worker worker : workers) {
            worker.thread.join(TimeUnit.MINUTES.toMillis(2));
            assertTrue(!worker.thread.isAlive(), worker.thread.getName() + " did not stop");
        }
        victimTicker.thread.join(TimeUnit.MINUTES.toMillis(2));
        survivorTicker.thread.join(TimeUnit.MINUTES.toMillis(2));
        assertTrue(load.unexpected.isEmpty(), "answers other than 2xx: " + load.unexpected);
        assertTrue(survivorTicker.afterKill.get() > 0, "node-2's ticker answered nothing after the kill");

        // every acknowledged deposit is in the balance the survivor reads; a request node-1 had not
        // answered when it died may or may not have committed
        for (Book book : books) {
            JsonNode account = read(survivor, book.accountId);
            BigDecimal held = wallet(account).add(isolatedMargin(account, BTC));
            BigDecimal acknowledged = book.wallet().add(book.isolatedMargin());
            List<BigDecimal> unanswered = workers.stream().map(w -> w.unansweredDeposit(book)).filter(a -> a != null).toList();
            assertTrue(subsetSums(unanswered).stream().anyMatch(extra -> acknowledged.add(extra).compareTo(held) == 0),
                    book.accountId + " holds " + held + " (wallet and isolated margin) on node-2; the acknowledged deposits"
                            + " make " + acknowledged + ", deposits unanswered at the kill " + unanswered + "; " + book);
        }
        for (String decisionId : decisions) {
            Answer entry = survivor.send(AUDITOR, "GET", "/v1/decisions/" + decisionId, null);
            assertEquals(200, entry.status(), "acknowledged decision " + decisionId + " is not in the log: " + entry.text());
            assertEquals("LEDGER", entry.json().get("source").asText(), entry.text());
        }
        System.out.printf("[cluster] kill -9 under load: %d actions acknowledged by node-1 before it died and %d by"
                        + " node-2 (%d of them after the kill), %d ticks by node-1, %d by node-2 (%d after the kill);"
                        + " every acknowledged deposit in the balances read from node-2, all %d acknowledged ledger"
                        + " decisions in its log; unanswered at the kill: %s (seed %d)%n",
                workers.stream().filter(w -> w.node == victim).mapToInt(w -> w.acknowledged.get()).sum(),
                survivors.stream().mapToInt(w -> w.acknowledged.get()).sum(),
                survivors.stream().mapToInt(w -> w.afterKill.get()).sum(),
                victimTicker.acknowledged.get(), survivorTicker.acknowledged.get(), survivorTicker.afterKill.get(),
                decisions.size(), workers.stream().map(Worker::unanswered).filter(u -> u != null).toList(), seed);
    }

    /** What the workers and tickers share: the books they keep, the decisions they were given, the stop flag. */
    private static final class Load {
        final List<Book> books;
        final Queue<String> decisions;
        final ServiceProcess victim;
        final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
        /** Set just before the kill: from then on an I/O error from the victim is its death. */
        volatile boolean dying;
        /** Set once the victim is dead: what the survivor answers from then on counts as after the kill. */
        volatile boolean killed;
        volatile boolean stopped;

        Load(List<Book> books, Queue<String> decisions, ServiceProcess victim) {
            this.books = books;
            this.decisions = decisions;
            this.victim = victim;
        }

        Worker start(ServiceProcess node, long seed) {
            Worker worker = new Worker(this, node, new Random(seed));
            worker.thread.start();
            return worker;
        }

        Ticker ticker(ServiceProcess node) {
            Ticker ticker = new Ticker(this, node);
            ticker.thread.start();
            return ticker;
        }

        void stop() {
            stopped = true;
        }

        /** An I/O error is the end of a worker on the killed node, and a failure anywhere else. */
        void gone(ServiceProcess node, IOException e, String name) {
            if (node != victim || !dying) {
                unexpected.add(name + ": " + e);
            }
        }
    }

    /** A thread of the load, sending through one node until stopped, counting what it had acknowledged. */
    private abstract static class LoadThread implements Runnable {
        final Load load;
        final ServiceProcess node;
        final Thread thread;
        final AtomicInteger acknowledged = new AtomicInteger();
        final AtomicInteger afterKill = new AtomicInteger();

        LoadThread(Load load, ServiceProcess node, String role) {
            this.load = load;
            this.node = node;
            this.thread = new Thread(this, nodeName(node) + "-" + role);
            thread.setDaemon(true);
        }

        /** Sends until the load stops, or until {@link #acknowledge} says to stop. */
        abstract void send() throws IOException, InterruptedException;

        @Override
        public void run() {
            try {
                send();
            } catch (IOException e) {
                load.gone(node, e, thread.getName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                load.unexpected.add(thread.getName() + ": " + e);
            }
        }

        /** Counts an acknowledged answer; any other is unexpected, and this thread stops (false). */
        boolean acknowledge(Answer answer, boolean afterTheKill) {
            if (!answer.ok()) {
                load.unexpected.add(thread.getName() + ": " + answer.status() + " " + answer.text());
                return false;
            }
            acknowledged.incrementAndGet();
            if (afterTheKill) {
                afterKill.incrementAndGet();
            }
            return true;
        }
    }

    /** Deposits into and moves margin on random accounts of the load, through one node, until stopped. */
    private static final class Worker extends LoadThread {
        final Random random;
        /** The request sent and not answered when the node died: its account and, for a deposit, its amount. */
        private volatile Book unansweredBook;
        private volatile BigDecimal unansweredDeposit;
        private volatile String unansweredAction;

        Worker(Load load, ServiceProcess node, Random random) {
            super(load, node, "worker");
            this.random = random;
        }

        @Override
        void send() throws IOException, InterruptedException {
            for (long n = 0; !load.stopped; n++) {
                Book book = load.books.get(random.nextInt(load.books.size()));
                BigDecimal amount = BigDecimal.valueOf(random.nextLong(1, 100_000_000L), 8);
                boolean afterTheKill = load.killed;
                unansweredBook = book;
                Answer answer;
                if (n % 2 == 0) {
                    BigDecimal deposit = amount.add(BigDecimal.valueOf(random.nextInt(100)));
                    unansweredDeposit = deposit;
                    unansweredAction = "deposit of " + deposit + " into " + book.accountId;
                    answer = node.send(PLATFORM, "POST", "/v1/accounts/" + book.accountId + "/deposits",
                            Map.of("currency", "USDT", "amount", deposit.toPlainString()));
                    if (answer.ok()) {
                        book.deposited(deposit);
                    }
                } else {
                    String type = random.nextBoolean() ? "ADD" : "REMOVE";
                    unansweredDeposit = null;
                    unansweredAction = type + " " + amount + " of margin on " + book.accountId;
                    answer = node.send(PLATFORM, "POST", "/v1/accounts/" + book.accountId + "/positions/" + BTC + "/margin",
                            Map.of("type", type, "amount", amount.toPlainString()));
                    if (answer.ok()) {
                        book.moved(type.equals("ADD") ? amount : amount.negate());
                        load.decisions.add(answer.json().get("decision").get("decisionId").asText());
                    }
                }
                unansweredBook = null;
                unansweredDeposit = null;
                unansweredAction = null;
                if (!acknowledge(answer, afterTheKill)) {
                    return;
                }
            }
        }

        BigDecimal unansweredDeposit(Book book) {
            return unansweredBook == book ? unansweredDeposit : null;
        }

        String unanswered() {
            return unansweredAction;
        }
    }

    /** Ticks BTC through one node around 60,000, where nothing of this test is due, until stopped. */
    private static final class Ticker extends LoadThread {

        Ticker(Load load, ServiceProcess node) {
            super(load, node, "ticker");
        }

        @Override
        void send() throws IOException, InterruptedException {
            for (int n = 0; !load.stopped; n++) {
                boolean afterTheKill = load.killed;
                BigDecimal price = new BigDecimal("60000").add(BigDecimal.valueOf(n % 100, 2));
                Answer answer = node.send(PLATFORM, "PUT", "/v1/mark-prices/" + BTC, Map.of("price", price.toPlainString()));
                if (!acknowledge(answer, afterTheKill)) {
                    return;
                }
            }
        }
    }

    /** Every sum of a subset of {@code amounts}, the empty one (zero) included. */
    private static List<BigDecimal> subsetSums(List<BigDecimal> amounts) {
        List<BigDecimal> sums = new ArrayList<>(List.of(BigDecimal.ZERO));
        for (BigDecimal amount : amounts) {
            for (BigDecimal sum : List.copyOf(sums)) {
                sums.add(sum.add(amount));
            }
        }
        return sums;
    }

    // ---------------------------------------------------------------------------------------------
    // The service, as the tests use it
    // ---------------------------------------------------------------------------------------------

    /**
     * Opens an account with {@code usdt} and an isolated long in {@code symbol} through {@code via};
     * the ledger decisions its answers gave.
     */
    private static List<String> isolatedLong(ServiceProcess via, String accountId, String usdt, String symbol,
                                             String quantity, String price, String leverage)
            throws IOException, InterruptedException {
        ok(via.send(PLATFORM, "POST", "/v1/accounts", Map.of("accountId", accountId, "balances", Map.of("USDT", usdt))));
        List<String> decisions = new ArrayList<>();
        decisions.add(ok(via.send(PLATFORM, "PUT", "/v1/accounts/" + accountId + "/margin-modes/" + symbol,
                Map.of("mode", "ISOLATED"))).json().get("decision").get("decisionId").asText());
        decisions.add(ok(via.send(PLATFORM, "POST", "/v1/accounts/" + accountId + "/positions", Map.of("symbol", symbol,
                "side", "LONG", "quantity", quantity, "price", price, "leverage", leverage)))
                .json().get("decision").get("decisionId").asText());
        return decisions;
    }

    private static JsonNode read(ServiceProcess via, String accountId) throws IOException, InterruptedException {
        return ok(via.send(PLATFORM, "GET", "/v1/accounts/" + accountId, null)).json();
    }

    private static JsonNode tick(ServiceProcess via, String symbol, String price) throws IOException, InterruptedException {
        JsonNode answer = ok(via.send(PLATFORM, "PUT", "/v1/mark-prices/" + symbol, Map.of("price", price))).json();
        assertEquals(0, new BigDecimal(answer.get("markPrice").asText()).compareTo(new BigDecimal(price)), answer.toString());
        return answer;
    }

    private static JsonNode rules(ServiceProcess via) {
        try {
            return ok(via.send(OFFICER, "GET", "/v1/rules", null)).json();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The data of the readiness check that names the node. */
    private static JsonNode readiness(ServiceProcess via) throws IOException, InterruptedException {
        JsonNode health = via.send(AUDITOR, "GET", "/q/health/ready", null).json();
        for (JsonNode check : health.get("checks")) {
            if (check.has("data") && check.get("data").has("node")) {
                return check.get("data");
            }
        }
        throw new AssertionError("no readiness check names the node: " + health);
    }

    /** Events of {@code type} for {@code accountId} in a tick's answer. */
    private static int events(JsonNode tick, String type, String accountId) {
        int count = 0;
        for (JsonNode event : tick.get("events")) {
            if (type.equals(event.get("type").asText()) && accountId.equals(event.get("accountId").asText())) {
                count++;
            }
        }
        return count;
    }

    /** Stored events of {@code type} for {@code accountId} (GET /v1/liquidations). */
    private static int storedEvents(ServiceProcess via, String accountId, String type) throws IOException, InterruptedException {
        return ok(via.send(AUDITOR, "GET", "/v1/liquidations?accountId=" + accountId + "&type=" + type + "&limit=1000", null))
                .json().size();
    }

    private static BigDecimal wallet(JsonNode account) {
        return new BigDecimal(account.get("balances").get("USDT").asText());
    }

    private static BigDecimal isolatedMargin(JsonNode account, String symbol) {
        for (JsonNode position : account.get("positions")) {
            if (symbol.equals(position.get("symbol").asText())) {
                return new BigDecimal(position.get("isolatedMargin").asText());
            }
        }
        throw new AssertionError(account.get("accountId") + " holds no " + symbol + " position: " + account);
    }

    private static boolean acknowledged(Answer answer, Queue<String> refused) {
        if (!answer.ok()) {
            refused.add(answer.status() + " " + answer.text());
        }
        return answer.ok();
    }

    private static Answer ok(Answer answer) {
        if (!answer.ok()) {
            fail("answered " + answer.status() + ": " + answer.text());
        }
        return answer;
    }

    private static String nodeName(ServiceProcess node) {
        return node.directory().getFileName().toString();
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}

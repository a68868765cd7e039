package com.riskpolicy.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.riskpolicy.Await;
import com.riskpolicy.durability.ServiceProcess.Answer;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An answered 2xx is durable (docs/api.md, Durability): the packaged service, under acknowledged actions
 * from several threads, is killed with SIGKILL and started again on the same database, twice. Every
 * account must then be exactly as its last acknowledged answer left it (or one action further, when
 * that action was in flight at the kill and committed unanswered), the insurance fund and the last
 * tick likewise, and every acknowledged ledger decision must be in the decision log. Entries of every
 * source written before the crash must read back with their source.
 *
 * <p>Each trader owns one account and repeats a cycle of actions whose effects are exact: a deposit,
 * adding and removing isolated margin, raising and lowering leverage, placing and cancelling an order.
 * Beside them a thread ticks a contract's mark price, one pays into the insurance fund and one asks
 * policy checks, whose log entries may be lost (they are written behind the answer) and are counted.
 */
class CrashRecoveryIT {

    private static final int TRADERS = 6;
    private static final int ROUNDS = 2;
    /** Acknowledged actions every trader reaches in a round before the service is killed. */
    private static final int ACTIONS_BEFORE_KILL = 40;
    private static final String SYMBOL = "BTCUSDT";
    private static final String TICKED = "ETHUSDT";
    private static final String PLATFORM = "platform";
    private static final String AUDITOR = "auditor";

    private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final Queue<String> ledgerDecisions = new ConcurrentLinkedQueue<>();
    private final Queue<String> checkDecisions = new ConcurrentLinkedQueue<>();

    @Test
    void acknowledged_actions_survive_kill_9_and_their_decisions_are_in_the_log() throws Exception {
        try (ServiceProcess service = ServiceProcess.in(Path.of("target", "crash-recovery"))) {
            service.start();
            List<Trader> traders = new ArrayList<>();
            for (int i = 0; i < TRADERS; i++) {
                traders.add(Trader.open(service, "trader-" + i, ledgerDecisions));
            }
            Map<String, String> earlier = entriesOfEverySource(service, traders.get(0).accountId);
            Ticker ticker = new Ticker();
            FundPayer fund = new FundPayer(money(service.send(PLATFORM, "GET", "/v1/insurance-fund", null).json().get("USDT")));

            for (int round = 1; round <= ROUNDS; round++) {
                CountDownLatch busy = new CountDownLatch(TRADERS);
                List<Thread> threads = new ArrayList<>();
                for (Trader trader : traders) {
                    threads.add(loop("trader", service, trader::step, busy, ACTIONS_BEFORE_KILL));
                }
                threads.add(loop("ticker", service, ticker::step, null, 0));
                threads.add(loop("fund", service, fund::step, null, 0));
                threads.add(loop("checks", service, s -> check(s, traders.get(0).accountId), null, 0));
                assertTrue(busy.await(3, TimeUnit.MINUTES), "the traders did not get through their actions: " + unexpected);
                service.kill();
                for (Thread thread : threads) {
                    thread.join(TimeUnit.MINUTES.toMillis(2));
                    assertTrue(!thread.isAlive(), thread.getName() + " did not stop after the kill");
                }
                assertTrue(unexpected.isEmpty(), "answers other than 2xx before the kill: " + unexpected);

                service.start();
                for (Trader trader : traders) {
                    trader.recover(service);
                }
                ticker.recover(service);
                fund.recover(service);
                int ledger = everyLedgerDecisionIsLogged(service);
                earlier.forEach((decisionId, source) -> assertEquals(source,
                        entry(service, decisionId).get("source").asText(), "entry " + decisionId + " after restart"));
                long lost = checksNotLogged(service);
                System.out.printf("[crash-recovery] round %d: %d ledger decisions acknowledged and found in the log,"
                                + " %d ticks, fund deposits up to %s, %d checks answered of which %d not in the log"
                                + " (written behind the answer)%n",
                        round, ledger, ticker.acknowledged, fund.balance.toPlainString(), checkDecisions.size(), lost);
            }
        }
    }

    private interface Step {
        void run(ServiceProcess service) throws IOException, InterruptedException;
    }

    /**
     * A thread that repeats {@code step} until the service is gone (an I/O error once it is killed);
     * counts {@code busy} down after {@code actions} steps.
     */
    private Thread loop(String name, ServiceProcess service, Step step, CountDownLatch busy, int actions) {
        Thread thread = new Thread(() -> {
            int done = 0;
            try {
                while (true) {
                    step.run(service);
                    if (busy != null && ++done == actions) {
                        busy.countDown();
                    }
                }
            } catch (IOException gone) {
                // the service was killed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (AssertionError | RuntimeException e) {
                unexpected.add(name + ": " + e.getMessage());
                if (busy != null) {
                    busy.countDown();
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** What one account holds that the traders' actions change. */
    private record State(BigDecimal balance, BigDecimal isolatedMargin, BigDecimal leverage, Set<String> orders) {

        static State of(JsonNode account) {
            JsonNode position = account.get("positions").get(0);
            Set<String> orders = new HashSet<>();
            account.get("orders").forEach(order -> orders.add(order.get("orderId").asText()));
            return new State(money(account.get("balances").get("USDT")), money(position.get("isolatedMargin")),
                    money(account.get("leverages").get(SYMBOL)), orders);
        }

        boolean sameAs(State other) {
            return balance.compareTo(other.balance) == 0 && isolatedMargin.compareTo(other.isolatedMargin) == 0
                    && leverage.compareTo(other.leverage) == 0 && orders.equals(other.orders);
        }
    }

    /** The cycle a trader repeats; each step's effect on {@link State} is exact. */
    private enum Action {
        DEPOSIT, ADD_MARGIN, REMOVE_MARGIN, RAISE_LEVERAGE, LOWER_LEVERAGE, PLACE_ORDER, CANCEL_ORDER;

        Action next() {
            return values()[(ordinal() + 1) % values().length];
        }

        /** The state after this action; a placed order's id is {@code orderId}. */
        State after(State s, String orderId) {
            Set<String> orders = new HashSet<>(s.orders());
            return switch (this) {
                case DEPOSIT -> new State(s.balance().add(BigDecimal.ONE), s.isolatedMargin(), s.leverage(), orders);
                case ADD_MARGIN -> new State(s.balance().subtract(BigDecimal.ONE), s.isolatedMargin().add(BigDecimal.ONE),
                        s.leverage(), orders);
                case REMOVE_MARGIN -> new State(s.balance().add(BigDecimal.ONE), s.isolatedMargin().subtract(BigDecimal.ONE),
                        s.leverage(), orders);
                case RAISE_LEVERAGE -> new State(s.balance(), s.isolatedMargin(), new BigDecimal("25"), orders);
                case LOWER_LEVERAGE -> new State(s.balance(), s.isolatedMargin(), new BigDecimal("20"), orders);
                case PLACE_ORDER -> {
                    orders.add(orderId);
                    yield new State(s.balance(), s.isolatedMargin(), s.leverage(), orders);
                }
                case CANCEL_ORDER -> {
                    orders.clear();
                    yield new State(s.balance(), s.isolatedMargin(), s.leverage(), orders);
                }
            };
        }
    }

    /**
     * One account with an isolated long of 0.01 BTC at 60,000 and 20x (margin 30): raising the
     * leverage to 25 releases nothing and lowering it back to 20 needs no top-up, so those steps
     * change the leverage alone.
     */
    private static final class Trader {
        final String accountId;
        final Queue<String> decisions;
        State acknowledged;
        Action next = Action.DEPOSIT;
        /** Sent and not answered when the service was killed: it may or may not have committed. */
        Action inFlight;

        private Trader(String accountId, State state, Queue<String> decisions) {
            this.accountId = accountId;
            this.acknowledged = state;
            this.decisions = decisions;
        }

        static Trader open(ServiceProcess service, String accountId, Queue<String> decisions)
                throws IOException, InterruptedException {
            ok(service.send(PLATFORM, "POST", "/v1/accounts", Map.of("accountId", accountId, "balances", Map.of("USDT", "10000"))));
            decisions.add(decisionId(ok(service.send(PLATFORM, "PUT", "/v1/accounts/" + accountId + "/margin-modes/" + SYMBOL,
                    Map.of("mode", "ISOLATED")))));
            decisions.add(decisionId(ok(service.send(PLATFORM, "POST", "/v1/accounts/" + accountId + "/positions",
                    Map.of("symbol", SYMBOL, "side", "LONG", "quantity", "0.01", "price", "60000", "leverage", "20")))));
            State state = State.of(ok(service.send(PLATFORM, "GET", "/v1/accounts/" + accountId, null)).json());
            return new Trader(accountId, state, decisions);
        }

        void step(ServiceProcess service) throws IOException, InterruptedException {
            String account = "/v1/accounts/" + accountId;
            inFlight = next;
            Answer answer = switch (next) {
                case DEPOSIT -> service.send(PLATFORM, "POST", account + "/deposits", Map.of("currency", "USDT", "amount", "1"));
                case ADD_MARGIN -> service.send(PLATFORM, "POST", account + "/positions/" + SYMBOL + "/margin",
                        Map.of("type", "ADD", "amount", "1"));
                case REMOVE_MARGIN -> service.send(PLATFORM, "POST", account + "/positions/" + SYMBOL + "/margin",
                        Map.of("type", "REMOVE", "amount", "1"));
                case RAISE_LEVERAGE -> service.send(PLATFORM, "PUT", account + "/leverages/" + SYMBOL, Map.of("leverage", "25"));
                case LOWER_LEVERAGE -> service.send(PLATFORM, "PUT", account + "/leverages/" + SYMBOL, Map.of("leverage", "20"));
                case PLACE_ORDER -> service.send(PLATFORM, "POST", account + "/orders", Map.of("symbol", SYMBOL,
                        "side", "BUY", "quantity", "0.001", "price", "50000", "leverage", "20"));
                case CANCEL_ORDER -> service.send(PLATFORM, "DELETE",
                        account + "/orders/" + acknowledged.orders().iterator().next(), null);
            };
            ok(answer);
            String orderId = next == Action.PLACE_ORDER ? answer.json().get("order").get("orderId").asText() : null;
            State after = next.after(acknowledged, orderId);
            if (answer.json() != null && answer.json().has("decision")) {
                decisions.add(decisionId(answer));
            }
            JsonNode shown = answer.json() == null ? null
                    : answer.json().has("account") ? answer.json().get("account")
                    : answer.json().has("balances") ? answer.json() : null;
            if (shown != null && !State.of(shown).sameAs(after)) {
                throw new AssertionError(accountId + " answered " + State.of(shown) + " after " + next + ", expected " + after);
            }
            acknowledged = after;
            inFlight = null;
            next = next.next();
        }

        /** After the restart: the account is as last acknowledged, or one in-flight action further. */
        void recover(ServiceProcess service) throws IOException, InterruptedException {
            State actual = State.of(ok(service.send(PLATFORM, "GET", "/v1/accounts/" + accountId, null)).json());
            if (actual.sameAs(acknowledged)) {
                inFlight = null;
                return;
            }
            if (inFlight != null) {
                String placed = inFlight == Action.PLACE_ORDER ? newOrder(actual) : null;
                if (actual.sameAs(inFlight.after(acknowledged, placed))) {
                    acknowledged = actual;
                    next = inFlight.next();
                    inFlight = null;
                    return;
                }
            }
            fail(accountId + " after the restart is " + actual + ", but its last acknowledged answer left it "
                    + acknowledged + (inFlight == null ? "" : " (" + inFlight + " was in flight)"));
        }

        private String newOrder(State actual) {
            Set<String> added = new HashSet<>(actual.orders());
            added.removeAll(acknowledged.orders());
            return added.size() == 1 ? added.iterator().next() : "(none)";
        }
    }

    /** Ticks a contract that no trader holds: only its mark price changes. */
    private static final class Ticker {
        long acknowledged;
        BigDecimal acknowledgedPrice;
        BigDecimal inFlight;
        private long sent;

        void step(ServiceProcess service) throws IOException, InterruptedException {
            BigDecimal price = new BigDecimal("3000").add(BigDecimal.valueOf(++sent, 2));
            inFlight = price;
            Answer answer = ok(service.send(PLATFORM, "PUT", "/v1/mark-prices/" + TICKED, Map.of("price", price.toPlainString())));
            assertEquals(0, money(answer.json().get("markPrice")).compareTo(price), answer.text());
            acknowledgedPrice = price;
            acknowledged++;
            inFlight = null;
        }

        void recover(ServiceProcess service) throws IOException, InterruptedException {
            BigDecimal actual = money(ok(service.send(PLATFORM, "GET", "/v1/contracts/" + TICKED, null)).json().get("markPrice"));
            boolean asAcknowledged = acknowledgedPrice == null || actual.compareTo(acknowledgedPrice) == 0;
            boolean asInFlight = inFlight != null && actual.compareTo(inFlight) == 0;
            assertTrue(asAcknowledged || asInFlight, TICKED + " marks " + actual + " after the restart; the last"
                    + " acknowledged tick was " + acknowledgedPrice + ", in flight " + inFlight);
            if (asInFlight) {
                acknowledgedPrice = inFlight;
            }
            inFlight = null;
        }
    }

    /** Pays 1 USDT into the insurance fund at a time; each answer gives the fund's balance. */
    private static final class FundPayer {
        BigDecimal balance;
        boolean inFlight;

        FundPayer(BigDecimal balance) {
            this.balance = balance;
        }

        void step(ServiceProcess service) throws IOException, InterruptedException {
            inFlight = true;
            Answer answer = ok(service.send(PLATFORM, "POST", "/v1/insurance-fund/USDT/deposits", Map.of("amount", "1")));
            BigDecimal after = money(answer.json().get("USDT"));
            assertEquals(0, after.compareTo(balance.add(BigDecimal.ONE)), answer.text());
            balance = after;
            inFlight = false;
        }

        void recover(ServiceProcess service) throws IOException, InterruptedException {
            BigDecimal actual = money(ok(service.send(PLATFORM, "GET", "/v1/insurance-fund", null)).json().get("USDT"));
            boolean asAcknowledged = actual.compareTo(balance) == 0;
            boolean asInFlight = inFlight && actual.compareTo(balance.add(BigDecimal.ONE)) == 0;
            assertTrue(asAcknowledged || asInFlight, "the insurance fund holds " + actual + " after the restart;"
                    + " the last acknowledged deposit left " + balance + (inFlight ? " (one in flight)" : ""));
            balance = actual;
            inFlight = false;
        }
    }

    private void check(ServiceProcess service, String accountId) throws IOException, InterruptedException {
        Answer answer = ok(service.send(PLATFORM, "POST", "/v1/checks/open-position", Map.of("accountId", accountId,
                "symbol", SYMBOL, "side", "LONG", "quantity", "0.001", "price", "60000", "leverage", "20")));
        checkDecisions.add(answer.json().get("decisionId").asText());
    }

    /** A check, a stateless decision and a ledger action, each in the log before anything else happens. */
    private Map<String, String> entriesOfEverySource(ServiceProcess service, String accountId) throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(decisionId(ok(service.send(PLATFORM, "POST", "/v1/checks/switch-margin-mode",
                Map.of("accountId", accountId, "symbol", TICKED, "mode", "ISOLATED")))), "CHECK");
        entries.put(decisionId(ok(service.send(PLATFORM, "POST", "/v1/decisions", Map.of("action", "SWITCH_MARGIN_MODE",
                "params", Map.of("symbol", TICKED, "mode", "ISOLATED"),
                "facts", Map.of("account", Map.of("accountId", "someone", "balances", Map.of("USDT", "100")),
                        "marginModes", Map.of(TICKED, "CROSS"), "positions", List.of(), "orders", List.of(),
                        "markPrices", Map.of(TICKED, "3000")))))), "STATELESS");
        entries.put(ledgerDecisions.peek(), "LEDGER");
        for (String decisionId : entries.keySet()) {
            // the writer stores checks and stateless decisions within its batch delay
            assertTrue(Await.until(() -> status(service, "/v1/decisions/" + decisionId) == 200, Duration.ofSeconds(30)),
                    decisionId + " never reached the decision log");
        }
        return entries;
    }

    private int everyLedgerDecisionIsLogged(ServiceProcess service) throws IOException, InterruptedException {
        int found = 0;
        for (String decisionId : ledgerDecisions) {
            JsonNode entry = entry(service, decisionId);
            assertEquals("LEDGER", entry.get("source").asText(), entry.toString());
            found++;
        }
        return found;
    }

    private long checksNotLogged(ServiceProcess service) {
        return checkDecisions.stream().filter(decisionId -> status(service, "/v1/decisions/" + decisionId) == 404).count();
    }

    private static JsonNode entry(ServiceProcess service, String decisionId) {
        try {
            Answer answer = service.send(AUDITOR, "GET", "/v1/decisions/" + decisionId, null);
            assertEquals(200, answer.status(), () -> "acknowledged decision " + decisionId + " is not in the log: "
                    + answer.text());
            return answer.json();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Answer ok(Answer answer) {
        if (!answer.ok()) {
            throw new AssertionError("answered " + answer.status() + ": " + answer.text());
        }
        return answer;
    }

    private static String decisionId(Answer answer) {
        JsonNode json = answer.json();
        return (json.has("decision") && json.get("decision").isObject() ? json.get("decision") : json)
                .get("decisionId").asText();
    }

    private static BigDecimal money(JsonNode value) {
        return new BigDecimal(value.asText());
    }

    private static int status(ServiceProcess service, String path) {
        try {
            return service.send(AUDITOR, "GET", path, null).status();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

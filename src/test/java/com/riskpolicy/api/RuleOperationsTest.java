package com.riskpolicy.api;

import static com.riskpolicy.api.Api.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.Await;
import com.riskpolicy.rules.ShippedRules;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Validate, reload, revisions and rollback, on the copy of the rules the test service serves: the
 * mechanics, on a desk of one ({@code policy.rules.approvals-required=0}), where a reload activates
 * the folder. Where approvals are required it proposes it instead: {@link GovernedReloadTest}.
 */
@QuarkusTest
@TestProfile(SoloRiskDeskTest.NoApprovals.class)
class RuleOperationsTest {

    private final RuleFolder rules = new RuleFolder(Path.of("target/test-rules"));

    @AfterEach
    void putTheShippedRulesBack() {
        rules.restoreAndReload();
    }

    private static String activeRevision() {
        return given().get("/v1/rules").jsonPath().getString("revision");
    }

    private static String removalOutcome() {
        return post("/v1/decisions", ShippedRules.removeNineHundred()).then().statusCode(200)
                .extract().jsonPath().getString("decision");
    }

    @Test
    void validating_changes_nothing_and_reports_errors_like_a_compiler() {
        String before = activeRevision();
        String broken = rules.read("isolated-margin.drl").replace("marginBalanceAfter <= maintenanceMargin )",
                "marginBalanceAfter <= maintenanceMargin");

        post("/v1/rules/validate", Map.of("files", rules.tightenedRemovals()))
                .then().statusCode(200).body("valid", equalTo(true)).body("errors", hasSize(0))
                .body("revision", not(equalTo(before)));
        post("/v1/rules/validate", Map.of("files", Map.of("isolated-margin.drl", broken)))
                .then().statusCode(200).body("valid", equalTo(false))
                .body("errors[0].file", equalTo("isolated-margin.drl"))
                .body("errors[0].line", greaterThan(1));
        post("/v1/rules/validate", Map.of("files", Map.of("../etc/passwd.drl", "x"))).then().statusCode(400);
        assertEquals(before, activeRevision());
    }

    @Test
    void reloading_a_tightened_rule_changes_decisions_and_the_revision_and_rollback_restores_them() {
        String shipped = activeRevision();
        post("/v1/rules/reload", Map.of()).then().statusCode(200).body("activated", equalTo(false));
        assertEquals("ALLOW", removalOutcome());

        rules.tightenRemovals();
        Response reload = post("/v1/rules/reload", Map.of());
        reload.then().statusCode(200).body("activated", equalTo(true));
        String tightened = reload.jsonPath().getString("revision");

        assertEquals(tightened, activeRevision());
        assertEquals("DENY", removalOutcome());
        given().get("/v1/rules/revisions").then()
                .body("[0].revision", equalTo(tightened))
                .body("[0].previousRevision", equalTo(shipped))
                .body("[0].source", equalTo("RELOAD"))
                .body("[0].activatedBy", equalTo("officer"))
                .body("[0].filesChanged", equalTo(List.of(Map.of("file", "examples/isolated-margin.csv", "change", "MODIFIED"),
                        Map.of("file", "isolated-margin.drl", "change", "MODIFIED"))));
        given().get("/v1/rules/revisions/" + tightened).then()
                .body("contents.'isolated-margin.drl'", containsString("initial margin covered"));

        post("/v1/rules/rollback", Map.of("revision", shipped)).then().statusCode(200).body("revision", equalTo(shipped));
        assertEquals(shipped, activeRevision());
        assertEquals("ALLOW", removalOutcome());
        assertTrue(rules.read("isolated-margin.drl").contains("maintenance margin covered"), "the folder holds the rolled-back files");
        given().get("/v1/rules/revisions").then().body("[0].source", equalTo("ROLLBACK"));
        post("/v1/rules/rollback", Map.of("revision", "sha256:" + "0".repeat(64))).then().statusCode(404);
    }

    @Test
    void a_broken_file_is_refused_with_its_line_and_the_old_rules_keep_serving() {
        String before = activeRevision();
        rules.replace("isolated-margin.drl", "marginBalanceAfter <= maintenanceMargin )", "marginBalanceAfter <= maintenanceMargin");

        post("/v1/rules/reload", Map.of()).then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].file", equalTo("isolated-margin.drl"))
                .body("errors[0].line", greaterThan(1));

        assertEquals(before, activeRevision());
        assertEquals("ALLOW", removalOutcome());
        given().get("/v1/rules").then().body("lastReload.outcome", equalTo("REFUSED"))
                .body("lastReload.errors[0].file", equalTo("isolated-margin.drl"));
    }

    @Test
    void a_rule_that_throws_is_refused_by_the_self_test() {
        String before = activeRevision();
        rules.replace("isolated-margin.drl", "insert(new Violation(\"MAINTENANCE_MARGIN_BREACH\"",
                "if (true) { throw new IllegalStateException(\"boom\"); }\n    insert(new Violation(\"MAINTENANCE_MARGIN_BREACH\"");
        rules.replace("isolated-margin.drl", "marginBalanceAfter <= maintenanceMargin )", "marginBalanceAfter <= maintenanceMargin || true )");

        post("/v1/rules/reload", Map.of()).then().statusCode(422)
                .body("errors[0].file", equalTo("isolated-margin.drl"))
                .body("errors[0].message", containsString("boom"));
        assertEquals(before, activeRevision());
    }

    @Test
    void a_rule_that_throws_only_for_some_inputs_goes_live_fails_closed_for_them_and_is_counted() {
        rules.write("unlucky.drl", """
                package policy.unlucky;
                import com.riskpolicy.domain.fact.MarginAdjustment;

                rule "A rule that breaks on 777"
                when
                    MarginAdjustment( amount == 777 )
                then
                    throw new IllegalStateException("777 is unlucky");
                end
                """);
        post("/v1/rules/reload", Map.of()).then().statusCode(200).body("activated", equalTo(true));
        Map<String, Object> unlucky = new java.util.HashMap<>(ShippedRules.removeNineHundred());
        unlucky.put("params", Map.of("symbol", "BTCUSDT", "amount", "777"));

        post("/v1/decisions", unlucky).then().statusCode(200)
                .body("decision", equalTo("DENY"))
                .body("violations[0].code", equalTo("RULE_EVALUATION_ERROR"))
                .body("violations[0].rule", equalTo("A rule that breaks on 777"));
        assertEquals("ALLOW", removalOutcome());
        given().get("/q/metrics").then().statusCode(200).body(containsString(
                "policy_rules_evaluation_failures_total{cause=\"EXCEPTION\",rule=\"A rule that breaks on 777\"} 1.0"));
    }

    /**
     * Reloads while decisions are being asked for: not one fails, each is decided by one of the two
     * revisions. Prints the reload times.
     */
    @Test
    void reloading_under_load_fails_no_request() throws Exception {
        String shipped = activeRevision();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger decided = new AtomicInteger();
        Set<String> revisionsSeen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Integer>> failures = new ArrayList<>();
        List<Long> reloadMillis = new ArrayList<>();
        try {
            for (int client = 0; client < 6; client++) {
                failures.add(pool.submit(() -> {
                    int failed = 0;
                    while (running.get()) {
                        Response response = post("/v1/decisions", ShippedRules.removeNineHundred());
                        if (response.statusCode() != 200) {
                            failed++;
                        } else {
                            revisionsSeen.add(response.jsonPath().getString("ruleSetRevision"));
                            decided.incrementAndGet();
                        }
                    }
                    return failed;
                }));
            }
            for (int i = 0; i < 4; i++) {
                if (i % 2 == 0) {
                    rules.tightenRemovals();
                } else {
                    rules.restore();
                }
                Response reload = post("/v1/rules/reload", Map.of());
                reload.then().statusCode(200).body("activated", equalTo(true));
                reloadMillis.add(reload.jsonPath().getLong("millis"));
                // let every client decide on the revision just activated before the next reload
                int decidedBefore = decided.get();
                assertTrue(Await.until(() -> decided.get() >= decidedBefore + 12, Duration.ofSeconds(60)),
                        "decisions go on after reload " + (i + 1));
            }
        } finally {
            running.set(false);
            pool.shutdown();
        }
        int failed = 0;
        for (Future<Integer> f : failures) {
            failed += f.get(60, TimeUnit.SECONDS);
        }
        System.out.printf("reload under load: %d decisions, %d failed, reload times %s ms, revisions seen %d%n",
                decided.get(), failed, reloadMillis, revisionsSeen.size());
        assertEquals(0, failed, "requests failed across reloads");
        assertEquals(shipped, activeRevision());
        assertEquals(2, revisionsSeen.size(), "decisions came from both revisions: " + revisionsSeen);
    }

    /** GET /v1/rules never shows one revision serving with another's reload as the last one. */
    @Test
    void the_active_revision_and_the_last_reload_are_shown_together_while_reloading() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger polls = new AtomicInteger();
        List<String> mismatches = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pollers = Executors.newFixedThreadPool(4);
        List<Future<?>> polling = new ArrayList<>();
        try {
            for (int p = 0; p < 4; p++) {
                polling.add(pollers.submit(() -> {
                    while (running.get()) {
                        JsonPath shown = given().get("/v1/rules").jsonPath();
                        polls.incrementAndGet();
                        if (!shown.getString("revision").equals(shown.getString("lastReload.revision"))) {
                            mismatches.add(shown.getString("revision") + " with last reload "
                                    + shown.getString("lastReload.revision") + " " + shown.getString("lastReload.outcome"));
                        }
                    }
                }));
            }
            for (int i = 0; i < 10; i++) {
                if (i % 2 == 0) {
                    rules.tightenRemovals();
                } else {
                    rules.restore();
                }
                int before = polls.get();
                post("/v1/rules/reload", Map.of()).then().statusCode(200).body("activated", equalTo(true));
                assertTrue(Await.until(() -> polls.get() >= before + 3, Duration.ofSeconds(30)), "the pollers go on");
            }
            running.set(false);
            for (Future<?> poller : polling) {
                poller.get(30, TimeUnit.SECONDS);
            }
        } finally {
            running.set(false);
            pollers.shutdownNow();
        }
        System.out.printf("GET /v1/rules read %d times across 10 reloads, %d mismatched%n", polls.get(), mismatches.size());
        assertEquals(List.of(), mismatches, "over " + polls.get() + " reads of GET /v1/rules");
    }
}

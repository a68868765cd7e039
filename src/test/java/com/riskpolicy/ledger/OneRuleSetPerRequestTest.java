package com.riskpolicy.ledger;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.Await;
import com.riskpolicy.rules.RuleCompilationException;
import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.RuleFiles;
import com.riskpolicy.rules.RuleSet;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A request takes the active rule set once: the rules that checked its input decide it, even when
 * a reload activates others while it waits for its account.
 */
@QuarkusTest
class OneRuleSetPerRequestTest {

    /** A rule a risk officer might add while a request is on its way: no switching at all. */
    private static final String FREEZE = """

            rule "Margin modes are frozen while the desk reviews them"
            when
                $switch : ModeSwitch()
            then
                insert(new Violation("FROZEN", drools.getRule().getName(), "Switching is frozen."));
            end
            """;

    @Inject
    RuleEngine engine;
    @Inject
    AccountLocks locks;

    @Test
    void an_action_is_decided_by_the_rule_set_it_started_with() throws RuleCompilationException {
        String accountId = "one-rule-set-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(Map.of("accountId", accountId, "balances", Map.of("USDT", "1000")))
                .post("/v1/accounts").then().statusCode(201);
        RuleSet started = engine.active();
        Map<String, String> files = new LinkedHashMap<>(started.ruleFiles().contents());
        files.put("margin-mode.drl", files.get("margin-mode.drl") + FREEZE);
        RuleSet frozen = engine.compile(RuleFiles.of(files));
        try {
            CompletableFuture<Response> answer = locks.withLock(accountId, () -> {
                CompletableFuture<Response> sent = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                        .body(Map.of("mode", "ISOLATED")).put("/v1/accounts/" + accountId + "/margin-modes/BTCUSDT"));
                // the request has checked its symbol and waits for the account: a reload now
                assertTrue(Await.until(() -> locks.contended(accountId), Duration.ofSeconds(30)),
                        "the request never came to wait for the account");
                engine.activate(frozen);
                return sent;
            });
            Response response = answer.get(60, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), response.asString());
            assertEquals(started.revision(), response.jsonPath().getString("decision.ruleSetRevision"));
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            engine.activate(started);
            frozen.retire();
        }
    }
}

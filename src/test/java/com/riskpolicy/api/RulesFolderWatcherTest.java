package com.riskpolicy.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.riskpolicy.Await;
import com.riskpolicy.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * On a desk of one ({@code policy.rules.approvals-required=0}) a change in the rules folder is
 * reloaded by itself; a broken one is refused and shown. Where approvals are required the watcher
 * proposes it instead: {@link GovernedRulesFolderWatcherTest}.
 */
@QuarkusTest
@TestProfile(RulesFolderWatcherTest.Watching.class)
class RulesFolderWatcherTest {

    private static final Path FOLDER = Path.of("target/test-rules-watched");

    /** Its own copy of the rules, watched with a short quiet time, and no approvals required. */
    public static class Watching implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            RuleFolder.copyOfShipped(FOLDER);
            Map<String, String> overrides = new HashMap<>(TestDatabase.named("watched"));
            overrides.putAll(Map.of("policy.rules.dir", FOLDER.toString(), "policy.rules.watch", "true",
                    "policy.rules.watch-debounce", "PT0.2S", "policy.rules.approvals-required", "0"));
            return overrides;
        }
    }

    private static JsonPath until(Predicate<JsonPath> condition) {
        return Await.until(() -> given().get("/v1/rules").jsonPath(), condition, Duration.ofSeconds(60));
    }

    @Test
    void an_edited_file_is_activated_and_a_broken_one_refused_while_the_last_good_one_serves() throws Exception {
        RuleFolder rules = new RuleFolder(FOLDER);
        String shipped = given().get("/v1/rules").jsonPath().getString("revision");

        rules.tightenRemovals();
        JsonPath tightened = until(r -> !r.getString("revision").equals(shipped));
        assertEquals(tightened.getString("revision"), tightened.getString("lastReload.revision"));
        assertEquals("WATCH", tightened.getString("lastReload.source"));
        assertEquals("folder-watcher", tightened.getString("lastReload.by"));

        rules.replace("isolated-margin.drl", "marginBalanceAfter < initialMargin )", "marginBalanceAfter < initialMargin");
        JsonPath refused = until(r -> "REFUSED".equals(r.getString("lastReload.outcome")));
        assertEquals("REFUSED", refused.getString("lastReload.outcome"));
        assertEquals("isolated-margin.drl", refused.getString("lastReload.errors[0].file"));
        assertEquals(tightened.getString("revision"), refused.getString("revision"));

        rules.restore();
        JsonPath back = until(r -> r.getString("revision").equals(shipped));
        assertEquals(shipped, back.getString("revision"));
    }
}

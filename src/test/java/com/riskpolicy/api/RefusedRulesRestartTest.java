package com.riskpolicy.api;

import static com.riskpolicy.api.Api.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.riskpolicy.Await;
import com.riskpolicy.rules.RuleFiles;
import com.riskpolicy.rules.ShippedRules;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The restart of {@link RefusedRulesRun}: with a refused file in the folder, the service starts on
 * the last good recorded rule set, says so in GET /v1/rules and in its health, stays ready, and
 * activates the folder once it is fixed.
 */
@QuarkusTest
@TestProfile(RefusedRulesRun.Restart.class)
class RefusedRulesRestartTest {

    @Test
    void the_service_starts_on_the_last_good_rules_reports_the_folder_and_activates_it_once_fixed() {
        String shipped = RuleFiles.read(RuleFolder.SHIPPED).revision();
        String refused = RuleFiles.read(RefusedRulesRun.FOLDER).revision();

        given().get("/v1/rules").then().statusCode(200)
                .body("revision", equalTo(shipped))
                .body("folderRevision", equalTo(refused))
                .body("servesFolder", equalTo(false))
                .body("lastReload.source", equalTo("STARTUP"))
                .body("lastReload.outcome", equalTo("REFUSED"))
                .body("lastReload.revision", equalTo(refused))
                .body("lastReload.errors[0].file", equalTo("margin-mode.drl"))
                .body("lastReload.errors[0].line", equalTo(16));
        given().get("/v1/rules/revisions").then()
                .body("[0].source", equalTo("LAST_GOOD"))
                .body("[0].revision", equalTo(shipped))
                .body("[1].source", equalTo("STARTUP"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'rules' }.data.servesFolder", equalTo(false))
                .body("checks.find { it.name == 'rules' }.data.lastReload", equalTo("REFUSED"))
                .body("checks.find { it.name == 'rules' }.data.lastReloadErrors", containsString("margin-mode.drl:16:"));
        given().get("/q/metrics").then()
                .body(containsString("policy_rules_reloads_total{outcome=\"REFUSED\",source=\"STARTUP\"} 1.0"));
        post("/v1/decisions", ShippedRules.removeNineHundred()).then().statusCode(200)
                .body("decision", equalTo("ALLOW"))
                .body("ruleSetRevision", equalTo(shipped));

        RuleFolder rules = RuleFolder.copyOfShipped(RefusedRulesRun.FOLDER);
        rules.tightenRemovals();
        String fixed = RuleFiles.read(RefusedRulesRun.FOLDER).revision();
        JsonPath activated = Await.until(() -> given().get("/v1/rules").jsonPath(),
                r -> fixed.equals(r.getString("revision")), Duration.ofSeconds(60));
        assertEquals(fixed, activated.getString("revision"));
        assertEquals(true, activated.getBoolean("servesFolder"));
        assertEquals("WATCH", activated.getString("lastReload.source"));
        assertEquals("ACTIVATED", activated.getString("lastReload.outcome"));
    }
}

package com.riskpolicy.api;

import static com.riskpolicy.api.Api.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.riskpolicy.rules.RuleFiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The first run of {@link RefusedRulesRun}: serves the shipped rules, then a refused file is left in the folder. */
@QuarkusTest
@TestProfile(RefusedRulesRun.FirstRun.class)
class RefusedRulesFirstRunTest {

    @Test
    void a_refused_edit_is_left_in_the_folder_while_the_recorded_rules_serve() {
        String shipped = RuleFiles.read(RuleFolder.SHIPPED).revision();
        given().get("/v1/rules").then().statusCode(200)
                .body("revision", equalTo(shipped))
                .body("folderRevision", equalTo(shipped))
                .body("servesFolder", equalTo(true))
                .body("lastReload.source", equalTo("STARTUP"))
                .body("lastReload.outcome", equalTo("ACTIVATED"));
        given().get("/v1/rules/revisions").then().body("[0].source", equalTo("STARTUP"));

        new RuleFolder(RefusedRulesRun.FOLDER).replace("margin-mode.drl", RefusedRulesRun.BROKEN_FROM, RefusedRulesRun.BROKEN_TO);
        post("/v1/rules/reload", Map.of()).then().statusCode(422);

        given().get("/v1/rules").then()
                .body("revision", equalTo(shipped))
                .body("folderRevision", equalTo(RuleFiles.read(RefusedRulesRun.FOLDER).revision()))
                .body("servesFolder", equalTo(false))
                .body("lastReload.outcome", equalTo("REFUSED"));
    }
}

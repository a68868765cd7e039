package com.riskpolicy.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every query parameter of the listings is read by its type and checked by Bean Validation: a bad
 * value, of the wrong type or out of range, is a 400 problem naming the parameter, never a 404.
 */
@QuarkusTest
class QueryParametersTest {

    @Test
    void a_bad_query_parameter_is_a_400_problem_naming_it() {
        for (String[] bad : new String[][] {
                {"/v1/decisions?limit=abc", "limit"}, {"/v1/decisions?limit=0", "limit"},
                {"/v1/decisions?limit=1001", "limit"}, {"/v1/decisions?limit=2.5", "limit"},
                {"/v1/decisions?limit=99999999999", "limit"},
                {"/v1/decisions?from=2026-11-25T12:00:00Z&to=2026-11-25T11:00:00Z", "to"},
                {"/v1/decisions?from=2026-11-25T12:00:00Z&to=2026-11-25T12:00:00Z", "to"},
                {"/v1/decisions?from=yesterday", "from"}, {"/v1/decisions?to=2026-11-25", "to"},
                {"/v1/decisions?cursor=abc", "cursor"}, {"/v1/decisions?cursor=1764936000123456", "cursor"},
                {"/v1/decisions?action=FLY", "action"}, {"/v1/decisions?decision=allow", "decision"},
                {"/v1/decisions?source=CRON", "source"},
                {"/v1/liquidations?limit=abc", "limit"}, {"/v1/liquidations?limit=0", "limit"},
                {"/v1/liquidations?limit=1001", "limit"}, {"/v1/liquidations?type=EXPLOSION", "type"},
                {"/v1/rules/revisions?limit=abc", "limit"}, {"/v1/rules/revisions?limit=0", "limit"},
                {"/v1/rules/revisions?limit=1001", "limit"}}) {
            given().get(bad[0]).then().statusCode(400).contentType("application/problem+json")
                    .body("status", equalTo(400))
                    .body("errors.field", equalTo(List.of(bad[1])));
        }
    }

    @Test
    void a_limit_out_of_range_and_one_that_is_no_number_say_what_a_limit_is() {
        given().get("/v1/liquidations?limit=0").then().statusCode(400)
                .body("errors[0].message", equalTo("must be a whole number from 1 to 1000"));
        given().get("/v1/decisions?limit=1001").then().statusCode(400)
                .body("errors[0].message", equalTo("must be a whole number from 1 to 1000"));
        given().get("/v1/rules/revisions?limit=abc").then().statusCode(400)
                .body("errors[0].message", equalTo("must be a whole number"));
        given().get("/v1/decisions?from=2026-11-25T12:00:00Z&to=2026-11-25T11:00:00Z").then().statusCode(400)
                .body("errors[0].message", equalTo("must be after from"));
    }

    @Test
    void limits_at_their_bounds_are_taken() {
        for (String path : List.of("/v1/decisions", "/v1/liquidations", "/v1/rules/revisions")) {
            given().get(path + "?limit=1").then().statusCode(200);
            given().get(path + "?limit=1000").then().statusCode(200);
        }
    }

    @Test
    void a_blank_parameter_counts_as_not_given() {
        given().get("/v1/decisions?accountId=&action=&decision=&source=&from=&to=&limit=&cursor=").then().statusCode(200);
        given().get("/v1/liquidations?type=&limit=").then().statusCode(200);
        given().get("/v1/rules/revisions?limit=").then().statusCode(200);
    }
}

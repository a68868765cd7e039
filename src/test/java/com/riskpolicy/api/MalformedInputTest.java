package com.riskpolicy.api;

import static com.riskpolicy.api.Api.account;
import static com.riskpolicy.api.Api.createAccount;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** No input, however malformed, yields a 5xx or changes any state (api.md "Errors"). */
@QuarkusTest
class MalformedInputTest {

    private String accountId;
    private String stateBefore;

    @BeforeEach
    void anAccountWithAPosition() {
        accountId = createAccount("fuzz", Map.of("USDT", "10000"));
        Api.put("/v1/accounts/" + accountId + "/margin-modes/BTCUSDT", Map.of("mode", "ISOLATED")).then().statusCode(200);
        Api.post("/v1/accounts/" + accountId + "/positions", Map.of("symbol", "BTCUSDT", "side", "LONG",
                "quantity", "0.01", "price", "60000", "leverage", "10")).then().statusCode(201);
        stateBefore = account(accountId).asString();
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                bad("POST", "/deposits", "{\"currency\":\"USDT\",", "body"),
                bad("POST", "/deposits", "[1,2,3]", "body"),
                bad("POST", "/deposits", "\"just a string\"", "body"),
                bad("POST", "/deposits", "{\"currency\":\"USDT\",\"amount\":\"NaN\"}", "amount"),
                bad("POST", "/deposits", "{\"currency\":\"USDT\",\"amount\":NaN}", "body"),
                bad("POST", "/deposits", "{\"currency\":\"USDT\",\"amount\":\"Infinity\"}", "amount"),
                bad("POST", "/deposits", "{\"currency\":\"USDT\",\"amount\":\"-5\"}", "amount"),
                bad("POST", "/deposits", "{\"currency\":\"USDT\",\"amount\":0}", "amount"),
                bad("POST", "/deposits", "{\"currency\":\"USDT\",\"amount\":\"1e999999999\"}", "amount"),
                bad("POST", "/deposits", "{\"currency\":\"USDT\",\"amount\":1e-999999999}", "amount"),
                bad("POST", "/deposits", "{\"currency\":\"USDT\",\"amount\":\"1234567890123456789012345678901\"}", "amount"),
                bad("POST", "/deposits", "{\"currency\":\"USDT\",\"amount\":{\"value\":1}}", "amount"),
                bad("POST", "/deposits", "{\"currency\":[\"USDT\"],\"amount\":\"1\"}", "currency"),
                bad("POST", "/deposits", "{\"currency\":\"USDT\"}", "amount"),
                bad("POST", "/deposits", "null", "body"),
                bad("POST", "/deposits", "", "body"),
                bad("PUT", "/margin-modes/BTCUSDT", "{\"mode\":\"HALF\"}", "mode"),
                bad("PUT", "/margin-modes/BTCUSDT", "{\"mode\":\"cross\"}", "mode"),
                bad("PUT", "/margin-modes/BTCUSDT", "{\"mode\":null}", "mode"),
                bad("PUT", "/leverages/BTCUSDT", "{\"leverage\":\"0.5\"}", "leverage"),
                bad("PUT", "/leverages/BTCUSDT", "{\"leverage\":true}", "leverage"),
                bad("PUT", "/leverages/BTCUSDT", "{\"leverage\":\"1.0000000000000000001\"}", "leverage"),
                bad("POST", "/positions", "{\"symbol\":\"BTCUSDT\",\"side\":\"LONG\",\"quantity\":\"-1\",\"price\":\"1\"}", "quantity"),
                bad("POST", "/positions", "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":\"1\",\"price\":\"1\"}", "side"),
                bad("POST", "/positions", "{\"symbol\":\"BTCUSDT\",\"side\":\"LONG\",\"quantity\":\"1\",\"price\":\"0\"}", "price"),
                bad("POST", "/positions", "{\"symbol\":12,\"side\":\"LONG\",\"quantity\":\"1\",\"price\":\"1\"}", "symbol"),
                bad("POST", "/positions", "{\"symbol\":\"XRPUSDT\",\"side\":\"LONG\",\"quantity\":\"1\",\"price\":\"1\"}", "symbol"),
                bad("POST", "/orders", "{\"symbol\":\"BTCUSDT\",\"side\":\"LONG\",\"quantity\":\"1\",\"price\":\"1\"}", "side"),
                bad("POST", "/orders", "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":\"1\",\"price\":\"1\",\"leverage\":\"0\"}", "leverage"));
    }

    private static Arguments bad(String method, String path, String body, String field) {
        return Arguments.of(method, path, body, field);
    }

    @ParameterizedTest(name = "{0} {1} {2} is a bad request naming {3}")
    @MethodSource("badRequests")
    void malformed_input_is_a_400_problem_naming_the_field_and_changes_nothing(String method, String path, String body,
                                                                               String field) {
        Response response = given().contentType("application/json").body(body)
                .request(method, "/v1/accounts/" + accountId + path);
        assertEquals(400, response.statusCode(), response::asString);
        assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
        List<String> fields = response.jsonPath().getList("errors.field");
        assertTrue(fields.contains(field), () -> "expected field " + field + " in " + response.asString());
        assertEquals(stateBefore, account(accountId).asString());
    }

    @Test
    void a_body_over_one_mebibyte_is_refused_with_413() {
        String huge = "{\"currency\":\"USDT\",\"amount\":\"1\",\"padding\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        Response response = given().contentType("application/json").body(huge)
                .post("/v1/accounts/" + accountId + "/deposits");
        assertEquals(413, response.statusCode());
        assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
        assertEquals(stateBefore, account(accountId).asString());
    }

    @Test
    void unknown_json_fields_are_ignored() {
        given().contentType("application/json").body("{\"currency\":\"USDT\",\"amount\":\"1\",\"memo\":\"hello\"}")
                .post("/v1/accounts/" + accountId + "/deposits").then().statusCode(200);
    }

    @Test
    void a_wrong_content_type_is_415_as_a_problem() {
        Response response = given().contentType("text/plain").body("amount=1").post("/v1/accounts/" + accountId + "/deposits");
        assertEquals(415, response.statusCode());
        assertTrue(response.contentType().startsWith("application/problem+json"));
    }

    @Test
    void an_unknown_path_or_method_is_a_problem_not_an_error_page() {
        Response notFound = given().get("/v1/nowhere");
        assertEquals(404, notFound.statusCode());
        Response notAllowed = given().contentType("application/json").body("{}").patch("/v1/accounts/" + accountId);
        assertEquals(405, notAllowed.statusCode());
        assertTrue(notAllowed.contentType().startsWith("application/problem+json"), notAllowed.contentType());
    }
}

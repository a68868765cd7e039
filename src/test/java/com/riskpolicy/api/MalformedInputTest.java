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

/** No input, however malformed, yields a 5xx or changes any state (docs/api.md "Errors"). */
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
                bad("POST", "/deposits", "{\"currency\":\"USDT\",\"amount\":\"1\"} {\"amount\":\"999\"}", "body"),
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
                bad("POST", "/orders", "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":\"1\",\"price\":\"1\",\"leverage\":\"0\"}", "leverage"),
                // a key given twice, on every kind of body
                bad("POST", "/deposits", "{\"currency\":\"USDT\",\"amount\":\"1\",\"amount\":\"2\"}", "amount"),
                bad("PUT", "/margin-modes/BTCUSDT", "{\"mode\":\"ISOLATED\",\"mode\":\"CROSS\"}", "mode"),
                bad("POST", "/v1/accounts", "{\"accountId\":\"dup-1\",\"accountId\":\"dup-2\"}", "accountId"),
                bad("POST", "/v1/accounts", "{\"accountId\":\"dup-3\",\"balances\":{\"USDT\":\"1\",\"USDT\":\"2\"}}",
                        "balances.USDT"),
                bad("POST", "/v1/checks/open-position", "{\"accountId\":\"{account}\",\"symbol\":\"BTCUSDT\",\"symbol\":\"ETHUSDT\","
                        + "\"side\":\"LONG\",\"quantity\":\"1\",\"price\":\"1\"}", "symbol"),
                bad("POST", "/v1/decisions", stateless("\"positions\":[{\"symbol\":\"BTCUSDT\",\"side\":\"LONG\",\"side\":\"SHORT\","
                        + "\"quantity\":\"1\",\"entryPrice\":\"60000\",\"leverage\":\"10\",\"mode\":\"CROSS\"}],"
                        + "\"marginModes\":{\"BTCUSDT\":\"CROSS\"},\"markPrices\":{\"BTCUSDT\":\"60000\"}"), "facts.positions[0].side"),
                bad("PUT", "/v1/mark-prices/BTCUSDT", "{\"price\":\"60000\",\"price\":\"1\"}", "price"),
                bad("POST", "/v1/insurance-fund/USDT/deposits", "{\"amount\":\"1\",\"amount\":\"2\"}", "amount"),
                // an enum by its exact name only: not its number, not with spaces or NUL around it
                bad("PUT", "/margin-modes/BTCUSDT", "{\"mode\":1}", "mode"),
                bad("PUT", "/margin-modes/ETHUSDT", "{\"mode\":\" ISOLATED\"}", "mode"),
                bad("PUT", "/margin-modes/ETHUSDT", "{\"mode\":\"ISOLATED\\u0000\"}", "mode"),
                bad("POST", "/positions/BTCUSDT/margin", "{\"type\":1,\"amount\":\"10\"}", "type"),
                bad("POST", "/positions", "{\"symbol\":\"BTCUSDT\",\"side\":0,\"quantity\":\"0.01\",\"price\":\"60000\"}", "side"),
                bad("POST", "/orders", "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY \",\"quantity\":\"0.01\",\"price\":\"60000\"}", "side"),
                // the margin checks answer as the action: a type that contradicts the path, an unknown currency
                bad("POST", "/v1/checks/add-margin", marginCheck("\"type\":\"PORTFOLIO\","), "type"),
                bad("POST", "/v1/checks/add-margin", marginCheck("\"type\":\"REMOVE\","), "type"),
                bad("POST", "/v1/checks/remove-margin", marginCheck("\"type\":\"ADD\","), "type"),
                bad("POST", "/v1/checks/add-margin", marginCheck("\"currency\":\"XYZ\","), "currency"),
                bad("POST", "/v1/checks/remove-margin", marginCheck("\"currency\":\"usdt\","), "currency"),
                bad("POST", "/positions/BTCUSDT/margin", "{\"type\":\"ADD\",\"amount\":\"10\",\"currency\":\"XYZ\"}", "currency"),
                bad("POST", "/v1/checks/add-margin", marginCheck("\"amount\":\"1.000000001\","), "amount"),
                // decimals in plain notation only; a price above zero at the ledger's 8 places
                bad("POST", "/deposits", "{\"currency\":\"USDT\",\"amount\":\"1e2\"}", "amount"),
                bad("POST", "/deposits", "{\"currency\":\"USDT\",\"amount\":\"+100\"}", "amount"),
                bad("POST", "/deposits", "{\"currency\":\"USDT\",\"amount\":\" 100 \"}", "amount"),
                bad("POST", "/deposits", "{\"currency\":\"USDT\",\"amount\":\"100.\"}", "amount"),
                bad("POST", "/deposits", "{\"currency\":\"USDT\",\"amount\":\".5\"}", "amount"),
                bad("POST", "/deposits", "{\"currency\":\"USDT\",\"amount\":1e2}", "amount"),
                bad("PUT", "/v1/mark-prices/BTCUSDT", "{\"price\":\"0.000000001\"}", "price"),
                bad("POST", "/orders", "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":\"1\",\"price\":\"0.000000009\"}", "price"),
                bad("POST", "/v1/decisions", stateless("\"positions\":[{\"symbol\":\"BTCUSDT\",\"side\":\"LONG\",\"quantity\":\"1\","
                        + "\"entryPrice\":\"0.000000001\",\"leverage\":\"10\",\"mode\":\"CROSS\"}],"
                        + "\"marginModes\":{\"BTCUSDT\":\"CROSS\"},\"markPrices\":{\"BTCUSDT\":\"60000\"}"),
                        "facts.positions[0].entryPrice"),
                bad("POST", "/v1/decisions", stateless("\"marginModes\":{\"BTCUSDT\":\"CROSS\"},\"markPrices\":{\"BTCUSDT\":\"0.000000001\"}"),
                        "facts.markPrices.BTCUSDT"),
                // a leverage is left out for the default, never null or blank; identifiers are strings
                bad("POST", "/orders", "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":\"0.01\",\"price\":\"60000\",\"leverage\":null}", "leverage"),
                bad("POST", "/positions", "{\"symbol\":\"BTCUSDT\",\"side\":\"LONG\",\"quantity\":\"0.01\",\"price\":\"60000\",\"leverage\":\"\"}", "leverage"),
                bad("POST", "/v1/checks/place-order", "{\"accountId\":\"{account}\",\"symbol\":\"BTCUSDT\",\"side\":\"BUY\","
                        + "\"quantity\":\"0.01\",\"price\":\"60000\",\"leverage\":\" \"}", "leverage"),
                bad("POST", "/v1/accounts", "{\"accountId\":12345}", "accountId"),
                bad("POST", "/v1/accounts", "{\"accountId\":true}", "accountId"),
                bad("POST", "/v1/checks/switch-margin-mode", "{\"accountId\":\"{account}\",\"symbol\":1,\"mode\":\"CROSS\"}", "symbol"),
                bad("POST", "/deposits", "{\"currency\":false,\"amount\":\"1\"}", "currency"),
                // stateless facts: no negative balance; the modes and mark prices the decision needs
                bad("POST", "/v1/decisions", stateless("\"marginModes\":{\"BTCUSDT\":\"CROSS\"},\"markPrices\":{\"BTCUSDT\":\"60000\"}")
                        .replace("\"USDT\":\"10000\"", "\"USDT\":\"-1\""), "facts.account.balances.USDT"),
                bad("POST", "/v1/decisions", stateless("\"markPrices\":{\"BTCUSDT\":\"60000\"}"), "facts.marginModes"),
                bad("POST", "/v1/decisions", stateless("\"marginModes\":{\"BTCUSDT\":\"CROSS\"}"), "facts.markPrices"),
                bad("POST", "/v1/decisions", stateless("\"marginModes\":{},\"markPrices\":{\"BTCUSDT\":\"60000\"}"),
                        "facts.marginModes.BTCUSDT"),
                bad("POST", "/v1/decisions", stateless("\"marginModes\":{\"BTCUSDT\":\"CROSS\"},\"markPrices\":{\"ETHUSDT\":\"3000\"}"),
                        "facts.markPrices.BTCUSDT"),
                bad("POST", "/v1/decisions", stateless("\"positions\":[{\"symbol\":\"ETHUSDT\",\"side\":\"LONG\",\"quantity\":\"1\","
                        + "\"entryPrice\":\"3000\",\"leverage\":\"10\",\"mode\":\"CROSS\"}],"
                        + "\"marginModes\":{\"BTCUSDT\":\"CROSS\",\"ETHUSDT\":\"CROSS\"},\"markPrices\":{\"BTCUSDT\":\"60000\"}"),
                        "facts.markPrices.ETHUSDT"),
                bad("POST", "/v1/decisions", stateless("\"orders\":[{\"symbol\":\"ETHUSDT\",\"side\":\"BUY\",\"quantity\":\"1\","
                        + "\"price\":\"3000\",\"leverage\":\"10\"}],"
                        + "\"marginModes\":{\"BTCUSDT\":\"CROSS\"},\"markPrices\":{\"BTCUSDT\":\"60000\"}"),
                        "facts.marginModes.ETHUSDT"));
    }

    private static Arguments bad(String method, String path, String body, String field) {
        return Arguments.of(method, path, body, field);
    }

    /** A check of adding 10 USDT to the account's BTCUSDT position, with {@code extra} fields first. */
    private static String marginCheck(String extra) {
        return "{" + extra + "\"accountId\":\"{account}\",\"symbol\":\"BTCUSDT\",\"amount\":\"10\"}";
    }

    /** A stateless decision to open 0.01 BTCUSDT long on a wallet of 10,000 USDT, with {@code facts} added. */
    private static String stateless(String facts) {
        return "{\"action\":\"OPEN_POSITION\",\"params\":{\"symbol\":\"BTCUSDT\",\"side\":\"LONG\",\"quantity\":\"0.01\","
                + "\"price\":\"60000\"},\"facts\":{\"account\":{\"accountId\":\"fuzz-facts\",\"balances\":{\"USDT\":\"10000\"}},"
                + facts + "}}";
    }

    @ParameterizedTest(name = "{0} {1} {2} is a bad request naming {3}")
    @MethodSource("badRequests")
    void malformed_input_is_a_400_problem_naming_the_field_and_changes_nothing(String method, String path, String body,
                                                                               String field) {
        Response response = given().contentType("application/json").body(body.replace("{account}", accountId))
                .request(method, path.startsWith("/v1/") ? path : "/v1/accounts/" + accountId + path);
        assertEquals(400, response.statusCode(), response::asString);
        assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
        List<String> fields = response.jsonPath().getList("errors.field");
        assertTrue(fields.contains(field), () -> "expected field " + field + " in " + response.asString());
        assertEquals(stateBefore, account(accountId).asString());
    }

    @Test
    void an_enum_that_is_not_one_of_its_names_is_refused_with_the_names_it_may_have() {
        Response response = given().contentType("application/json").body("{\"mode\":1}")
                .put("/v1/accounts/" + accountId + "/margin-modes/BTCUSDT");
        assertEquals(400, response.statusCode());
        assertEquals("must be one of [CROSS, ISOLATED]", response.jsonPath().getString("errors[0].message"));
    }

    /** The margin check at {@code slug} of the account's BTCUSDT position, with {@code extra} fields; it must answer 200. */
    private Response checkMargin(String slug, String extra) {
        Response check = given().contentType("application/json").body(marginCheck(extra).replace("{account}", accountId))
                .post("/v1/checks/" + slug);
        assertEquals(200, check.statusCode(), check::asString);
        return check;
    }

    @Test
    void a_margin_check_may_name_its_own_type_and_answers_as_its_action() {
        assertEquals("REMOVE_MARGIN", checkMargin("remove-margin", "\"type\":\"REMOVE\",").jsonPath().getString("action"));
    }

    @Test
    void a_known_currency_that_is_not_the_settlement_currency_stays_the_rules_decision() {
        Response check = checkMargin("add-margin", "\"currency\":\"BTC\",");
        assertEquals("DENY", check.jsonPath().getString("decision"));
        assertEquals("COLLATERAL_CURRENCY_NOT_SUPPORTED", check.jsonPath().getString("violations[0].code"));
        Response action = given().contentType("application/json").body("{\"type\":\"ADD\",\"amount\":\"10\",\"currency\":\"BTC\"}")
                .post("/v1/accounts/" + accountId + "/positions/BTCUSDT/margin");
        assertEquals(422, action.statusCode(), action::asString);
        assertEquals("COLLATERAL_CURRENCY_NOT_SUPPORTED", action.jsonPath().getString("decision.violations[0].code"));
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

package com.riskpolicy.api;

import static com.riskpolicy.api.Api.post;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST /v1/decisions: every fact comes from the caller; the ledger is not involved. */
@QuarkusTest
class DecisionResourceTest {

    private static Map<String, Object> isolatedLong() {
        return Map.of("symbol", "BTCUSDT", "side", "LONG", "quantity", "1", "entryPrice", "20000", "leverage", "20",
                "mode", "ISOLATED", "isolatedMargin", "1000");
    }

    private static Map<String, Object> facts(List<Object> positions, List<Object> orders) {
        return Map.of("account", Map.of("accountId", "stateless-x", "balances", Map.of("USDT", "5000")),
                "marginModes", Map.of("BTCUSDT", "ISOLATED"),
                "positions", positions, "orders", orders,
                "markPrices", Map.of("BTCUSDT", "20000"));
    }

    @Test
    void switching_the_mode_of_a_symbol_with_a_position_is_denied() {
        post("/v1/decisions", Map.of("action", "SWITCH_MARGIN_MODE", "params", Map.of("symbol", "BTCUSDT", "mode", "CROSS"),
                "facts", facts(List.of(isolatedLong()), List.of())))
                .then().statusCode(200)
                .body("decision", equalTo("DENY"))
                .body("violations[0].code", equalTo("OPEN_POSITION_EXISTS"))
                .body("preview.before.riskRatio", equalTo("0.08000000"))
                .body("preview.before.liquidationPrice", equalTo("19076.30522088"));
    }

    @Test
    void opening_with_supplied_facts_shows_the_position_after_the_fill() {
        post("/v1/decisions", Map.of("action", "OPEN_POSITION",
                "params", Map.of("symbol", "BTCUSDT", "side", "LONG", "quantity", "1", "price", "22000"),
                "facts", facts(List.of(isolatedLong()), List.of())))
                .then().statusCode(200)
                .body("decision", equalTo("ALLOW"))
                .body("preview.transferFromCross", equalTo("1100.00000000"))
                .body("preview.after.quantity", equalTo("2"))
                .body("preview.after.entryPrice", equalTo("21000.00000000"))
                .body("preview.after.isolatedMargin", equalTo("2100.00000000"));
    }

    @Test
    void an_open_order_in_the_facts_blocks_a_switch() {
        post("/v1/decisions", Map.of("action", "SWITCH_MARGIN_MODE", "params", Map.of("symbol", "BTCUSDT", "mode", "CROSS"),
                "facts", facts(List.of(), List.of(Map.of("symbol", "BTCUSDT", "side", "BUY", "quantity", "1",
                        "price", "19000", "leverage", "20")))))
                .then().statusCode(200)
                .body("violations[0].code", equalTo("OPEN_ORDERS_EXIST"))
                .body("preview.before", nullValue());
    }

    @Test
    void facts_that_contradict_each_other_are_a_bad_request_naming_the_field() {
        Map<String, Object> crossPosition = Map.of("symbol", "BTCUSDT", "side", "LONG", "quantity", "1",
                "entryPrice", "20000", "leverage", "20", "mode", "CROSS");
        post("/v1/decisions", Map.of("action", "SWITCH_MARGIN_MODE", "params", Map.of("symbol", "BTCUSDT", "mode", "CROSS"),
                "facts", facts(List.of(crossPosition), List.of())))
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("facts.positions[0].mode"));
        post("/v1/decisions", Map.of("action", "SWITCH_MARGIN_MODE", "params", Map.of("symbol", "BTCUSDT", "mode", "CROSS"),
                "facts", facts(List.of(isolatedLong(), isolatedLong()), List.of())))
                .then().statusCode(400).body("errors[0].field", equalTo("facts.positions[1].symbol"));
    }

    @Test
    void missing_or_invalid_parameters_are_named() {
        post("/v1/decisions", Map.of("action", "OPEN_POSITION", "params", Map.of("symbol", "BTCUSDT", "side", "BUY",
                "quantity", "1", "price", "1"), "facts", facts(List.of(), List.of())))
                .then().statusCode(400).body("errors[0].field", equalTo("params.side"));
        post("/v1/decisions", Map.of("action", "PLACE_ORDER", "params", Map.of("symbol", "BTCUSDT", "side", " ",
                "quantity", "1", "price", "1"), "facts", facts(List.of(), List.of())))
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("params.side"));
        post("/v1/decisions", Map.of("action", "ADJUST_LEVERAGE", "params", Map.of("symbol", "BTCUSDT"),
                "facts", facts(List.of(), List.of())))
                .then().statusCode(400).body("errors[0].field", equalTo("params.leverage"));
        post("/v1/decisions", Map.of("action", "FLY", "params", Map.of("symbol", "BTCUSDT"),
                "facts", facts(List.of(), List.of())))
                .then().statusCode(400).body("errors[0].field", equalTo("action"));
        post("/v1/decisions", Map.of("action", "OPEN_POSITION", "params", Map.of("symbol", "BTCUSDT", "side", "LONG",
                "quantity", "1", "price", "1"), "facts", Map.of("account", Map.of("accountId", "x"),
                "positions", List.of(Map.of("symbol", "BTCUSDT")))))
                .then().statusCode(400).body("errors.field", equalTo(List.of("facts.marginModes", "facts.markPrices",
                        "facts.positions[0].entryPrice", "facts.positions[0].leverage", "facts.positions[0].mode",
                        "facts.positions[0].quantity", "facts.positions[0].side")));
    }
}

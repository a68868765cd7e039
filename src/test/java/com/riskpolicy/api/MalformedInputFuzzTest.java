package com.riskpolicy.api;

import static com.riskpolicy.api.Api.account;
import static com.riskpolicy.api.Api.createAccount;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.riskpolicy.decisionlog.DecisionLog;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Generated malformed requests to every endpoint that takes a body (docs/api.md "Errors"): each is
 * refused with a 4xx problem+json, a 400 naming the field that was spoiled, and none changes any
 * state. A fixed seed makes every run send the same requests; {@code -Dfuzz.seed} and
 * {@code -Dfuzz.requests} send others.
 *
 * <p>Each endpoint has a valid body and a schema of its fields. A request spoils one thing: a
 * field's value (with one its kind must refuse), a required field left out, a key given twice, a
 * map key the service does not know, the JSON itself (cut short, the wrong kind of value, not JSON
 * at all, nested too deep, something after it), the content type, or the size.
 */
@QuarkusTest
class MalformedInputFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", 20_261_204L);
    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 2_400);

    @Inject
    AgroalDataSource database;
    @Inject
    DecisionLog decisionLog;

    // ---- the kinds of field, each with values it must refuse (as JSON text) ----

    record Kind(String name, List<String> refused) {
    }

    private static final List<String> NOT_PLAIN = List.of("\"1e2\"", "\"1E2\"", "\"+100\"", "\" 100 \"", "\"100 \"",
            "\"100.\"", "\".5\"", "\"\"", "\"1,5\"", "\"0x10\"", "\"\uFF11\uFF10\"", "\"NaN\"", "\"Infinity\"", "\"-\"",
            "\"1.2.3\"", "1e2", "1E-8", "2.5e1", "true", "false", "[]", "[\"1\"]", "{}", "\"ten\"",
            "\"" + "9".repeat(150) + "\"");

    private static Kind decimal(String name, String... alsoRefused) {
        List<String> refused = new ArrayList<>(NOT_PLAIN);
        refused.addAll(Arrays.asList(alsoRefused));
        return new Kind(name, refused);
    }

    private static final Kind AMOUNT = decimal("amount", "null", "\"0\"", "0", "\"-5\"", "-5", "\"0.000000001\"",
            "\"1.000000001\"", "\"1234567890123456789012345678901\"");
    private static final Kind BALANCE = decimal("balance", "null", "\"-1\"", "\"-0.00000001\"", "\"0.000000001\"");
    private static final Kind FACT_BALANCE = decimal("fact balance", "null", "\"-1\"", "\"-0.00000001\"");
    private static final Kind QUANTITY = decimal("quantity", "null", "\"0\"", "\"-1\"", "\"0.0000000000000000001\"");
    private static final Kind PRICE = decimal("price", "null", "\"0\"", "\"-60000\"", "\"0.000000001\"", "0.000000009",
            "\"1234567890123456789012345678901\"");
    private static final Kind LEVERAGE = decimal("leverage", "null", "\"0\"", "\"0.5\"", "\" \"", "\"1.0000000000000000001\"");
    private static final Kind MARGIN = decimal("isolated margin", "null", "\"-1\"");

    private static Kind enumOf(String name, String... refusedNames) {
        List<String> refused = new ArrayList<>(List.of("0", "1", "-1", "\"\"", "null", "true", "[]", "{}", "\"BOGUS\"",
                "\"" + name.toLowerCase(Locale.ROOT) + "\"", "\" " + name + "\"", "\"" + name + " \"",
                "\"" + name + "\\u0000\"", "\"" + name + "\\t\"", "[\"" + name + "\"]"));
        Arrays.stream(refusedNames).map(other -> "\"" + other + "\"").forEach(refused::add);
        return new Kind("enum " + name, refused);
    }

    private static final List<String> NOT_A_STRING = List.of("12345", "1.5", "true", "false", "[]", "{}");
    private static final Kind ACCOUNT_ID = text("account id", "null", "\"\"", "\"a b\"", "\"" + "x".repeat(65) + "\"",
            "\"\u00e9\"", "\"a/b\"");
    private static final Kind SYMBOL = text("symbol", "null", "\"\"", "\"XRPUSDT\"", "\"btcusdt\"", "\" BTCUSDT\"",
            "\"BTCUSDT \"");
    private static final Kind COLLATERAL = text("collateral currency", "null", "\"\"", "\"XYZ\"", "\"usdt\"", "\" USDT\"");
    private static final Kind CURRENCY = text("currency", "\"\"", "\"XYZ\"", "\"usdt\"", "\" USDT\"");
    private static final Kind SIDE_TEXT = text("side", "null", "\"\"", "\"long\"", "\" LONG\"", "\"BUY\"", "\"0\"");
    private static final Kind ORDER_ID = text("order id");
    /** A file's text; on validate, null removes the file, on impact it is refused. */
    private static final Kind RULE_FILE = text("rule file");
    private static final Kind REQUIRED_RULE_FILE = text("rule file", "null");
    private static final Kind REVISION = text("revision", "null", "\"\"", "\"sha256:xyz\"", "\"sha1:" + "a".repeat(40) + "\"",
            "\"sha256:" + "a".repeat(63) + "\"", "\"SHA256:" + "a".repeat(64) + "\"", "\"sha256:" + "A".repeat(64) + "\"");
    private static final Kind FLAG = new Kind("flag", List.of("\"true\"", "1", "0", "\"yes\"", "\"\"", "[]", "{}"));
    private static final Kind LAST = new Kind("count", List.of("0", "-1", "10001", "\"100\"", "1.5", "1e2", "true", "\"\"",
            "[]", "{}"));
    private static final Kind REQUIRED_OBJECT = new Kind("object", List.of("null", "1", "\"x\"", "true", "[]"));
    private static final Kind OPTIONAL_OBJECT = new Kind("optional object", List.of("1", "\"x\"", "true", "[]"));
    private static final Kind OPTIONAL_LIST = new Kind("optional list", List.of("1", "\"x\"", "true", "{}"));
    private static final Kind LIST_ELEMENT = new Kind("list element", List.of("null", "1", "\"x\"", "true", "[]"));

    private static Kind text(String name, String... alsoRefused) {
        List<String> refused = new ArrayList<>(NOT_A_STRING);
        refused.addAll(Arrays.asList(alsoRefused));
        return new Kind(name, refused);
    }

    /** Keys a map must refuse. */
    private static final List<String> COLLATERAL_KEYS = List.of("XYZ", "usdt", " USDT", "");
    private static final List<String> SYMBOL_KEYS = List.of("XRPUSDT", "btcusdt", "BTCUSDT ", "");
    private static final List<String> FILE_NAMES = List.of("../escape.drl", "notes.txt", "a/b.drl", ".hidden.drl", "", "x.drl ");

    // ---- endpoints: a valid body and the schema of its fields ----

    /** A field at {@code path} ("facts/positions/0/side"), whether it may be left out, and what it must refuse. */
    record Field(List<Object> path, Kind kind, boolean required) {
        String name() {
            return dotted(path);
        }
    }

    /** A map whose keys are checked, at {@code path}. */
    record KeyedMap(List<Object> path, List<String> refusedKeys) {
    }

    /**
     * An endpoint with a valid body. {@code validPath} takes the same body and answers {@code validStatus}
     * without changing anything (an unknown account, an existing one), which shows that the body is valid.
     */
    record Endpoint(String name, String method, String path, boolean officer, Map<Object, Object> body,
                    List<Field> fields, List<KeyedMap> maps, String validPath, int validStatus) {
    }

    private static Field field(String path, Kind kind, boolean required) {
        return new Field(segments(path), kind, required);
    }

    private static Field required(String path, Kind kind) {
        return field(path, kind, true);
    }

    private static Field optional(String path, Kind kind) {
        return field(path, kind, false);
    }

    private static List<Object> segments(String path) {
        List<Object> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            segments.add(segment.chars().allMatch(Character::isDigit) ? (Object) Integer.valueOf(segment) : segment);
        }
        return segments;
    }

    private static String dotted(List<Object> path) {
        StringBuilder name = new StringBuilder();
        for (Object segment : path) {
            if (segment instanceof Integer index) {
                name.append('[').append(index).append(']');
            } else {
                name.append(name.isEmpty() ? "" : ".").append(segment);
            }
        }
        return name.toString();
    }

    private static Map<Object, Object> object(Object... keysAndValues) {
        Map<Object, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            object.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return object;
    }

    private static List<Endpoint> endpoints(String accountId) {
        String accounts = "/v1/accounts/" + accountId;
        String nobody = "/v1/accounts/fuzz-nobody";
        List<Endpoint> endpoints = new ArrayList<>();
        endpoints.add(new Endpoint("create account", "POST", "/v1/accounts", false,
                object("accountId", accountId, "balances", object("USDT", "100")),
                List.of(required("accountId", ACCOUNT_ID), optional("balances", OPTIONAL_OBJECT), optional("balances/USDT", BALANCE)),
                List.of(new KeyedMap(segments("balances"), COLLATERAL_KEYS)), "/v1/accounts", 409));
        endpoints.add(new Endpoint("deposit", "POST", accounts + "/deposits", false,
                object("currency", "USDT", "amount", "100"),
                List.of(required("currency", COLLATERAL), required("amount", AMOUNT)), List.of(), nobody + "/deposits", 404));
        endpoints.add(new Endpoint("margin mode", "PUT", accounts + "/margin-modes/ETHUSDT", false,
                object("mode", "ISOLATED"), List.of(required("mode", enumOf("ISOLATED"))), List.of(),
                nobody + "/margin-modes/ETHUSDT", 404));
        endpoints.add(new Endpoint("leverage", "PUT", accounts + "/leverages/ETHUSDT", false,
                object("leverage", "5"), List.of(required("leverage", LEVERAGE)), List.of(), nobody + "/leverages/ETHUSDT", 404));
        endpoints.add(trade("order", "POST", accounts + "/orders", nobody + "/orders", 404, null, "BUY", "LONG"));
        endpoints.add(trade("position", "POST", accounts + "/positions", nobody + "/positions", 404, null, "LONG", "BUY"));
        endpoints.add(new Endpoint("margin", "POST", accounts + "/positions/BTCUSDT/margin", false,
                object("type", "ADD", "amount", "10", "currency", "USDT"),
                List.of(required("type", enumOf("ADD")), required("amount", AMOUNT), optional("currency", CURRENCY)),
                List.of(), nobody + "/positions/BTCUSDT/margin", 404));
        endpoints.add(new Endpoint("check switch-margin-mode", "POST", "/v1/checks/switch-margin-mode", false,
                object("accountId", accountId, "symbol", "ETHUSDT", "mode", "ISOLATED"),
                List.of(required("accountId", ACCOUNT_ID), required("symbol", SYMBOL), required("mode", enumOf("ISOLATED"))),
                List.of(), "/v1/checks/switch-margin-mode", 200));
        endpoints.add(trade("check open-position", "POST", "/v1/checks/open-position", "/v1/checks/open-position", 200,
                accountId, "LONG", "BUY"));
        endpoints.add(trade("check place-order", "POST", "/v1/checks/place-order", "/v1/checks/place-order", 200,
                accountId, "BUY", "LONG"));
        endpoints.add(new Endpoint("check adjust-leverage", "POST", "/v1/checks/adjust-leverage", false,
                object("accountId", accountId, "symbol", "ETHUSDT", "leverage", "5"),
                List.of(required("accountId", ACCOUNT_ID), required("symbol", SYMBOL), required("leverage", LEVERAGE)),
                List.of(), "/v1/checks/adjust-leverage", 200));
        endpoints.add(marginCheck("add-margin", "ADD", "REMOVE", accountId));
        endpoints.add(marginCheck("remove-margin", "REMOVE", "ADD", accountId));
        endpoints.add(stateless("OPEN_POSITION", object("symbol", "BTCUSDT", "side", "LONG", "quantity", "0.01",
                        "price", "60000", "leverage", "10"),
                List.of(required("params/side", SIDE_TEXT), required("params/quantity", QUANTITY),
                        required("params/price", PRICE), optional("params/leverage", LEVERAGE))));
        endpoints.add(stateless("REMOVE_MARGIN", object("symbol", "BTCUSDT", "amount", "10", "currency", "USDT"),
                List.of(required("params/amount", AMOUNT), optional("params/currency", CURRENCY))));
        endpoints.add(stateless("SWITCH_MARGIN_MODE", object("symbol", "ETHUSDT", "mode", "ISOLATED"),
                List.of(required("params/mode", enumOf("ISOLATED")), required("facts/markPrices/ETHUSDT", PRICE))));
        endpoints.add(new Endpoint("mark price", "PUT", "/v1/mark-prices/BTCUSDT", false, object("price", "60000"),
                List.of(required("price", PRICE)), List.of(), "/v1/mark-prices/NOSUCHUSDT", 404));
        for (String movement : List.of("deposits", "withdrawals")) {
            endpoints.add(new Endpoint("insurance fund " + movement, "POST", "/v1/insurance-fund/USDT/" + movement, false,
                    object("amount", "1"), List.of(required("amount", AMOUNT)), List.of(),
                    "/v1/insurance-fund/XYZ/" + movement, 404));
        }
        endpoints.add(new Endpoint("rules validate", "POST", "/v1/rules/validate", true,
                object("files", object("fuzz.csv", "a,b\n"), "replace", false),
                List.of(required("files", REQUIRED_OBJECT), optional("files/fuzz.csv", RULE_FILE), optional("replace", FLAG)),
                List.of(new KeyedMap(segments("files"), FILE_NAMES)), null, 0));
        endpoints.add(new Endpoint("rules impact", "POST", "/v1/rules/impact", true,
                object("files", object("fuzz.csv", "a,b\n"), "replace", false, "last", 10),
                List.of(required("files", REQUIRED_OBJECT), optional("files/fuzz.csv", REQUIRED_RULE_FILE),
                        optional("replace", FLAG), optional("last", LAST)),
                List.of(new KeyedMap(segments("files"), FILE_NAMES)), null, 0));
        endpoints.add(new Endpoint("rules rollback", "POST", "/v1/rules/rollback", true,
                object("revision", "sha256:" + "0".repeat(64)), List.of(required("revision", REVISION)), List.of(),
                "/v1/rules/rollback", 404));
        return endpoints;
    }

    /** An order or a fill, as an action ({@code accountId} null) or as a check of one. */
    private static Endpoint trade(String name, String method, String path, String validPath, int validStatus,
                                  String accountId, String side, String otherSide) {
        Map<Object, Object> body = new LinkedHashMap<>();
        List<Field> fields = new ArrayList<>();
        if (accountId != null) {
            body.put("accountId", accountId);
            fields.add(required("accountId", ACCOUNT_ID));
        }
        body.putAll(object("symbol", "ETHUSDT", "side", side, "quantity", "0.1", "price", "3000", "leverage", "5"));
        fields.addAll(List.of(required("symbol", SYMBOL), required("side", enumOf(side, otherSide)),
                required("quantity", QUANTITY), required("price", PRICE), optional("leverage", LEVERAGE)));
        return new Endpoint(name, method, path, false, body, fields, List.of(), validPath, validStatus);
    }

    private static Endpoint marginCheck(String slug, String type, String otherType, String accountId) {
        return new Endpoint("check " + slug, "POST", "/v1/checks/" + slug, false,
                object("accountId", accountId, "symbol", "BTCUSDT", "type", type, "amount", "10", "currency", "USDT"),
                List.of(required("accountId", ACCOUNT_ID), required("symbol", SYMBOL), optional("type", enumOf(type, otherType)),
                        required("amount", AMOUNT), optional("currency", CURRENCY)),
                List.of(), "/v1/checks/" + slug, 200);
    }

    /**
     * A stateless decision on an account with an isolated BTCUSDT long and an ETHUSDT order; the
     * action's own parameters are {@code params} with {@code paramFields}.
     */
    private static Endpoint stateless(String action, Map<Object, Object> params, List<Field> paramFields) {
        Map<Object, Object> facts = object(
                "account", object("accountId", "fuzz-facts", "balances", object("USDT", "10000", "BTC", "0.5")),
                "marginModes", object("BTCUSDT", "ISOLATED", "ETHUSDT", "CROSS"),
                "leverages", object("BTCUSDT", "10"),
                "positions", List.of(object("symbol", "BTCUSDT", "side", "LONG", "quantity", "0.1", "entryPrice", "60000",
                        "leverage", "10", "mode", "ISOLATED", "isolatedMargin", "600")),
                "orders", List.of(object("orderId", "o-1", "symbol", "ETHUSDT", "side", "BUY", "quantity", "1",
                        "price", "3000", "leverage", "5")),
                "markPrices", object("BTCUSDT", "60000", "ETHUSDT", "3000"));
        List<Field> fields = new ArrayList<>(List.of(
                required("action", enumOf(action)), required("params", REQUIRED_OBJECT), required("params/symbol", SYMBOL),
                required("facts", REQUIRED_OBJECT), required("facts/account", REQUIRED_OBJECT),
                required("facts/account/accountId", ACCOUNT_ID), optional("facts/account/balances", OPTIONAL_OBJECT),
                optional("facts/account/balances/USDT", FACT_BALANCE), required("facts/marginModes", REQUIRED_OBJECT),
                required("facts/marginModes/BTCUSDT", enumOf("ISOLATED")), required("facts/marginModes/ETHUSDT", enumOf("CROSS")),
                optional("facts/leverages", OPTIONAL_OBJECT), optional("facts/leverages/BTCUSDT", LEVERAGE),
                optional("facts/positions", OPTIONAL_LIST), optional("facts/positions/0", LIST_ELEMENT),
                required("facts/positions/0/symbol", SYMBOL), required("facts/positions/0/side", enumOf("LONG")),
                required("facts/positions/0/quantity", QUANTITY), required("facts/positions/0/entryPrice", PRICE),
                required("facts/positions/0/leverage", LEVERAGE), required("facts/positions/0/mode", enumOf("ISOLATED")),
                required("facts/positions/0/isolatedMargin", MARGIN),
                optional("facts/orders", OPTIONAL_LIST), optional("facts/orders/0", LIST_ELEMENT),
                optional("facts/orders/0/orderId", ORDER_ID), required("facts/orders/0/symbol", SYMBOL),
                required("facts/orders/0/side", enumOf("BUY")), required("facts/orders/0/quantity", QUANTITY),
                required("facts/orders/0/price", PRICE), required("facts/orders/0/leverage", LEVERAGE),
                required("facts/markPrices", REQUIRED_OBJECT), required("facts/markPrices/BTCUSDT", PRICE),
                optional("facts/markPrices/ETHUSDT", PRICE)));
        fields.addAll(paramFields);
        Map<Object, Object> allParams = new LinkedHashMap<>(params);
        return new Endpoint("decision " + action, "POST", "/v1/decisions", false,
                object("action", action, "params", allParams, "facts", facts), fields,
                List.of(new KeyedMap(segments("facts/account/balances"), COLLATERAL_KEYS),
                        new KeyedMap(segments("facts/marginModes"), SYMBOL_KEYS),
                        new KeyedMap(segments("facts/markPrices"), SYMBOL_KEYS),
                        new KeyedMap(segments("facts/leverages"), SYMBOL_KEYS)),
                "/v1/decisions", 200);
    }

    // ---- one malformed request ----

    /** The bytes to send, their content type, and the answer they must get: a status and, for a 400, the field named. */
    record Malformed(String what, byte[] body, String contentType, int status, String field) {
    }

    /** JSON text written as is, for values the body's own types cannot hold (numbers, raw tokens). */
    record Raw(String json) {
    }

    /** A key given a second time. */
    record Again(String name) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Malformed malformed(Endpoint endpoint, Random random) {
        int roll = random.nextInt(100);
        if (roll < 50) {
            Field field = endpoint.fields().get(random.nextInt(endpoint.fields().size()));
            String value = field.kind().refused().get(random.nextInt(field.kind().refused().size()));
            return json(field.name() + " = " + value, set(endpoint.body(), field.path(), new Raw(value)), 400, field.name());
        }
        if (roll < 60) {
            List<Field> required = endpoint.fields().stream().filter(Field::required).toList();
            Field field = required.get(random.nextInt(required.size()));
            return json("no " + field.name(), remove(endpoint.body(), field.path()), 400, field.name());
        }
        if (roll < 70) {
            List<Field> keys = endpoint.fields().stream().filter(f -> f.path().get(f.path().size() - 1) instanceof String).toList();
            Field field = keys.get(random.nextInt(keys.size()));
            return json(field.name() + " twice", twice(endpoint.body(), field.path()), 400, field.name());
        }
        if (roll < 76 && !endpoint.maps().isEmpty()) {
            KeyedMap map = endpoint.maps().get(random.nextInt(endpoint.maps().size()));
            String key = map.refusedKeys().get(random.nextInt(map.refusedKeys().size()));
            return json(dotted(map.path()) + " key '" + key + "'", renameFirstKey(endpoint.body(), map.path(), key), 400,
                    dotted(map.path()));
        }
        if (roll < 96) {
            return structural(endpoint, random);
        }
        if (roll < 99) {
            String type = List.of("text/plain", "application/xml", "application/octet-stream").get(random.nextInt(3));
            return new Malformed("as " + type, write(endpoint.body()).getBytes(StandardCharsets.UTF_8), type, 415, null);
        }
        Map<Object, Object> padded = new LinkedHashMap<>(endpoint.body());
        padded.put("padding", "x".repeat(1024 * 1024));
        return new Malformed("over 1 MiB", write(padded).getBytes(StandardCharsets.UTF_8), "application/json", 413, null);
    }

    private static Malformed json(String what, Object body, int status, String field) {
        return new Malformed(what, write(body).getBytes(StandardCharsets.UTF_8), "application/json", status, field);
    }

    /** The body itself is not one JSON object of the right shape. */
    private static Malformed structural(Endpoint endpoint, Random random) {
        String valid = write(endpoint.body());
        List<String> bodies = List.of(
                valid.substring(0, random.nextInt(valid.length())),
                "[" + valid + "]", "\"" + valid.replace("\"", "'") + "\"", "1", "true", "null", "[]",
                valid.replace("\"", "'"),
                valid.substring(0, valid.length() - 1) + ",}",
                "/* a comment */" + valid,
                valid + " " + valid,
                valid + "x",
                "[".repeat(2_000) + "]".repeat(2_000),
                "{\"a\":".repeat(1_500) + "1" + "}".repeat(1_500),
                "<request/>", "NaN", "{" + valid.substring(1).replaceFirst(":", "=") + "", "\u0000" + valid);
        int pick = random.nextInt(bodies.size() + 1);
        if (pick == bodies.size()) {
            // a byte that is not UTF-8, in the first key
            byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
            bytes[valid.indexOf('"') + 1] = (byte) 0xFF;
            return new Malformed("a byte that is not UTF-8", bytes, "application/json", 400, "body");
        }
        String body = bodies.get(pick);
        return new Malformed("not the body's JSON: " + abbreviate(body), body.getBytes(StandardCharsets.UTF_8),
                "application/json", 400, "body");
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }

    // ---- changing a copy of a body ----

    @SuppressWarnings("unchecked")
    private static Object copy(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> copy.put(key, copy(value)));
            return copy;
        }
        if (node instanceof List<?> list) {
            return new ArrayList<>(list.stream().map(MalformedInputFuzzTest::copy).toList());
        }
        return node;
    }

    /** The copy of {@code body}, and in it the container that holds the last segment of {@code path}. */
    @SuppressWarnings("unchecked")
    private static Object[] parent(Map<Object, Object> body, List<Object> path) {
        Object root = copy(body);
        Object node = root;
        for (Object segment : path.subList(0, path.size() - 1)) {
            node = segment instanceof Integer index ? ((List<Object>) node).get(index) : ((Map<Object, Object>) node).get(segment);
        }
        return new Object[] {root, node};
    }

    @SuppressWarnings("unchecked")
    private static Object set(Map<Object, Object> body, List<Object> path, Object value) {
        Object[] found = parent(body, path);
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer index) {
            ((List<Object>) found[1]).set(index, value);
        } else {
            ((Map<Object, Object>) found[1]).put(last, value);
        }
        return found[0];
    }

    @SuppressWarnings("unchecked")
    private static Object remove(Map<Object, Object> body, List<Object> path) {
        Object[] found = parent(body, path);
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer index) {
            ((List<Object>) found[1]).remove((int) index);
        } else {
            ((Map<Object, Object>) found[1]).remove(last);
        }
        return found[0];
    }

    /** The key at {@code path} a second time, right after the first, with its value again. */
    @SuppressWarnings("unchecked")
    private static Object twice(Map<Object, Object> body, List<Object> path) {
        Object[] found = parent(body, path);
        Map<Object, Object> container = (Map<Object, Object>) found[1];
        Map<Object, Object> doubled = new LinkedHashMap<>();
        container.forEach((key, value) -> {
            doubled.put(key, value);
            if (key.equals(path.get(path.size() - 1))) {
                doubled.put(new Again((String) key), value);
            }
        });
        container.clear();
        container.putAll(doubled);
        return found[0];
    }

    /** The map at {@code path} with its first key replaced by {@code key}. */
    @SuppressWarnings("unchecked")
    private static Object renameFirstKey(Map<Object, Object> body, List<Object> path, String key) {
        List<Object> child = new ArrayList<>(path);
        child.add("");
        Object[] found = parent(body, child);
        Map<Object, Object> map = (Map<Object, Object>) found[1];
        Map<Object, Object> renamed = new LinkedHashMap<>();
        map.forEach((name, value) -> renamed.put(renamed.isEmpty() ? key : name, value));
        map.clear();
        map.putAll(renamed);
        return found[0];
    }

    private static String write(Object node) {
        if (node instanceof Raw raw) {
            return raw.json();
        }
        if (node instanceof String text) {
            return quote(text);
        }
        if (node instanceof Map<?, ?> map) {
            List<String> entries = new ArrayList<>();
            map.forEach((key, value) -> entries.add(quote(key.toString()) + ":" + write(value)));
            return "{" + String.join(",", entries) + "}";
        }
        if (node instanceof List<?> list) {
            return "[" + String.join(",", list.stream().map(MalformedInputFuzzTest::write).toList()) + "]";
        }
        return String.valueOf(node);
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    // ---- sending, and the state that must not change ----

    /** One client for every request, reusing its connections: a fresh connection per request took most of the time. */
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();

    record Answer(int status, String contentType, String body) {
    }

    private Answer send(Endpoint endpoint, String path, byte[] body, String contentType) throws IOException, InterruptedException {
        String user = endpoint.officer() ? "officer:officer" : "platform:platform";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", contentType)
                .method(endpoint.method(), HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    private List<String> fieldsNamed(Answer answer) throws JsonProcessingException {
        List<String> fields = new ArrayList<>();
        json.readTree(answer.body()).path("errors").forEach(error -> fields.add(error.path("field").asText()));
        return fields;
    }

    /** Every table of the database but cluster_node, row by row, and what the service holds in memory: rules and mark prices. */
    private String state() throws SQLException {
        assertTrue(decisionLog.flush(Duration.ofSeconds(30)), "the decision log did not write its queue");
        StringBuilder state = new StringBuilder();
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet names = statement.executeQuery(
                    "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = CURRENT_SCHEMA ORDER BY TABLE_NAME")) {
                while (names.next()) {
                    // but the nodes' heartbeats, which move on by themselves every second
                    if (!names.getString(1).equalsIgnoreCase("cluster_node")) {
                        tables.add(names.getString(1));
                    }
                }
            }
            for (String table : tables) {
                List<String> rows = new ArrayList<>();
                try (ResultSet result = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int columns = result.getMetaData().getColumnCount();
                    while (result.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int column = 1; column <= columns; column++) {
                            // as text, so that large objects compare by content (binary columns read as hex)
                            row.append(result.getString(column)).append('|');
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(null);
                state.append(table).append(": ").append(rows.size()).append(" rows, ").append(rows.hashCode()).append('\n');
            }
        }
        state.append("rules: ").append(given().get("/v1/rules").jsonPath().getString("revision")).append('\n');
        state.append("contracts: ").append(given().get("/v1/contracts").asString()).append('\n');
        return state.toString();
    }

    @Test
    void malformed_bodies_on_every_endpoint_are_refused_as_problems_naming_the_field_and_change_nothing()
            throws SQLException, IOException, InterruptedException {
        String accountId = createAccount("fuzz", Map.of("USDT", "10000"));
        Api.put("/v1/accounts/" + accountId + "/margin-modes/BTCUSDT", Map.of("mode", "ISOLATED")).then().statusCode(200);
        Api.post("/v1/accounts/" + accountId + "/positions", Map.of("symbol", "BTCUSDT", "side", "LONG",
                "quantity", "0.01", "price", "60000", "leverage", "10")).then().statusCode(201);
        List<Endpoint> endpoints = endpoints(accountId);
        for (Endpoint endpoint : endpoints) {
            if (endpoint.validPath() != null) {
                Answer valid = send(endpoint, endpoint.validPath(), write(endpoint.body()).getBytes(StandardCharsets.UTF_8),
                        "application/json");
                assertEquals(endpoint.validStatus(), valid.status(), () -> endpoint.name() + " with its valid body: "
                        + valid.body());
            }
        }
        String accountBefore = account(accountId).asString();
        String before = state();

        Random random = new Random(SEED);
        Map<Integer, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> byEndpoint = new TreeMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            Endpoint endpoint = endpoints.get(random.nextInt(endpoints.size()));
            Malformed request = malformed(endpoint, random);
            Answer answer = send(endpoint, endpoint.path(), request.body(), request.contentType());
            String seen = "request " + i + " (seed " + SEED + "), " + endpoint.name() + ", " + request.what() + ": "
                    + answer.status() + " " + answer.body();
            if (answer.status() != request.status()) {
                fail("expected " + request.status() + " for " + seen);
            }
            assertTrue(answer.contentType().startsWith("application/problem+json"), seen);
            if (request.field() != null) {
                assertTrue(fieldsNamed(answer).stream().anyMatch(named -> named.startsWith(request.field())),
                        () -> "expected the field " + request.field() + " to be named: " + seen);
            }
            byStatus.merge(answer.status(), 1, Integer::sum);
            byEndpoint.merge(endpoint.name(), 1, Integer::sum);
        }
        System.out.printf("Malformed-input fuzz, seed %d: %d requests; by status %s; by endpoint %s%n",
                SEED, REQUESTS, byStatus, byEndpoint);

        assertEquals(before, state());
        assertEquals(accountBefore, account(accountId).asString());
    }
}

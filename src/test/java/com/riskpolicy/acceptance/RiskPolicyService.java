package com.riskpolicy.acceptance;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.riskpolicy.acceptance.ServiceViews.Account;
import com.riskpolicy.acceptance.ServiceViews.AdlQueueEntry;
import com.riskpolicy.acceptance.ServiceViews.Decision;
import com.riskpolicy.acceptance.ServiceViews.LiquidationEvent;
import com.riskpolicy.acceptance.ServiceViews.MarkPriceChange;
import com.riskpolicy.acceptance.ServiceViews.Problem;
import com.riskpolicy.acceptance.ServiceViews.RuleSet;
import com.riskpolicy.acceptance.Vocabulary.Action;
import com.riskpolicy.acceptance.Vocabulary.MarginMode;
import com.riskpolicy.acceptance.Vocabulary.MarginTransfer;
import com.riskpolicy.acceptance.Vocabulary.OrderSide;
import com.riskpolicy.acceptance.Vocabulary.PositionSide;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The risk policy service as the features reach it: over its REST API (docs/api.md), nothing else.
 *
 * <p>By default that is the service this test run started; {@code -Dacceptance.baseUrl=http://host:8080}
 * points the features at a service that is already running instead.
 *
 * <p>The features call it as the trading platform, and anything under {@code /v1/rules} as a risk
 * officer (docs/api.md, Access): the demo users unless {@code -Dacceptance.user}/{@code -Dacceptance.password}
 * and {@code -Dacceptance.officer.user}/{@code -Dacceptance.officer.password} name others; the rule
 * proposals' approver is the demo user {@code approver} unless {@code -Dacceptance.approver.user}/{@code
 * -Dacceptance.approver.password} name another risk officer.
 */
@ApplicationScoped
public class RiskPolicyService {

    static final String BASE_URL_PROPERTY = "acceptance.baseUrl";
    private static final String RULES_PATH = "/v1/rules";

    private static final int OK = 200;
    private static final int CREATED = 201;
    private static final int NO_CONTENT = 204;
    private static final int DENIED = 422;
    private static final int INVALID = 400;
    private static final int NOT_FOUND = 404;
    private static final String PROBLEM_JSON = "application/problem+json";

    private static final Logger LOG = Logger.getLogger(RiskPolicyService.class);

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private String baseUrl;
    private final String platform = platformAuthorization();
    private final String riskOfficer = officerAuthorization();

    /** The running service's address, chosen once: the system property, else the test run's own service. */
    String baseUrl() {
        if (baseUrl == null) {
            String configured = System.getProperty(BASE_URL_PROPERTY);
            baseUrl = configured != null && !configured.isBlank()
                    ? configured.strip()
                    : ConfigProvider.getConfig().getValue("test.url", String.class);
            LOG.infof("Acceptance features run against %s", baseUrl);
        }
        return baseUrl;
    }

    Account createAccount(String accountId, Map<String, BigDecimal> balances) {
        Map<String, Object> body = Map.of("accountId", accountId, "balances", decimals(balances));
        return read(expect(CREATED, request().body(body).post("/v1/accounts")), null, Account.class);
    }

    Account account(String accountId) {
        return read(expect(OK, request().get("/v1/accounts/{id}", accountId)), null, Account.class);
    }

    /** The account, or empty when the service has none by that id. */
    Optional<Account> findAccount(String accountId) {
        Response response = request().get("/v1/accounts/{id}", accountId);
        if (response.statusCode() == NOT_FOUND) {
            return Optional.empty();
        }
        return Optional.of(read(expect(OK, response), null, Account.class));
    }

    Account deposit(String accountId, String currency, BigDecimal amount) {
        Map<String, Object> body = Map.of("currency", currency, "amount", amount.toPlainString());
        return read(expect(OK, request().body(body).post("/v1/accounts/{id}/deposits", accountId)), null,
                Account.class);
    }

    Decision switchMarginMode(String accountId, String symbol, MarginMode mode) {
        Response response = request().body(Map.of("mode", mode.name()))
                .put("/v1/accounts/{id}/margin-modes/{symbol}", accountId, symbol);
        return decision(response, OK);
    }

    /** Records a fill that opens or adds to a position; {@code leverage} null leaves it to the service. */
    Decision openPosition(String accountId, String symbol, PositionSide side, BigDecimal quantity, BigDecimal price,
                          BigDecimal leverage) {
        Response response = request().body(trade(symbol, side.name(), quantity, price, leverage))
                .post("/v1/accounts/{id}/positions", accountId);
        return decision(response, CREATED);
    }

    Decision placeOrder(String accountId, String symbol, OrderSide side, BigDecimal quantity, BigDecimal price,
                        BigDecimal leverage) {
        Response response = request().body(trade(symbol, side.name(), quantity, price, leverage))
                .post("/v1/accounts/{id}/orders", accountId);
        return decision(response, CREATED);
    }

    void cancelOrder(String accountId, String orderId) {
        expect(NO_CONTENT, request().delete("/v1/accounts/{id}/orders/{orderId}", accountId, orderId));
    }

    Account closePosition(String accountId, String symbol) {
        return read(expect(OK, request().delete("/v1/accounts/{id}/positions/{symbol}", accountId, symbol)), null,
                Account.class);
    }

    /** Adds margin to, or removes it from, an isolated position; the currency is sent as the feature names it. */
    Decision adjustMargin(String accountId, String symbol, MarginTransfer type, BigDecimal amount, String currency) {
        Response response = request().body(margin(type, amount.toPlainString(), currency))
                .post("/v1/accounts/{id}/positions/{symbol}/margin", accountId, symbol);
        return decision(response, OK);
    }

    /**
     * Sends a margin adjustment with the amount exactly as written, expecting it refused as invalid
     * input: a problem, not a decision.
     */
    Problem adjustMarginInvalidly(String accountId, String symbol, MarginTransfer type, String amount,
                                  String currency) {
        return invalid(request().body(margin(type, amount, currency))
                .post("/v1/accounts/{id}/positions/{symbol}/margin", accountId, symbol));
    }

    /** What adding or removing the margin would do, without doing it. */
    Decision checkMargin(String accountId, String symbol, MarginTransfer type, BigDecimal amount, String currency) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accountId", accountId);
        body.put("symbol", symbol);
        body.put("amount", amount.toPlainString());
        body.put("currency", currency);
        String check = type == MarginTransfer.ADD ? "add-margin" : "remove-margin";
        return read(expect(OK, request().body(body).post("/v1/checks/{check}", check)), null, Decision.class);
    }

    Decision changeLeverage(String accountId, String symbol, BigDecimal leverage) {
        Response response = request().body(Map.of("leverage", leverage.toPlainString()))
                .put("/v1/accounts/{id}/leverages/{symbol}", accountId, symbol);
        return decision(response, OK);
    }

    /** What changing the leverage would do, without doing it. */
    Decision checkLeverage(String accountId, String symbol, BigDecimal leverage) {
        Map<String, Object> body = Map.of("accountId", accountId, "symbol", symbol,
                "leverage", leverage.toPlainString());
        return read(expect(OK, request().body(body).post("/v1/checks/adjust-leverage")), null, Decision.class);
    }

    /**
     * A decision on facts the caller keeps itself (a platform with its own ledger): nothing is read
     * from or written to the service's ledger, so the mark prices are only those given here.
     */
    Decision decideOpeningOnFacts(String accountId, Map<String, BigDecimal> balances, Map<String, BigDecimal> markPrices,
                                  String symbol, PositionSide side, BigDecimal quantity, BigDecimal price,
                                  BigDecimal leverage) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("account", Map.of("accountId", accountId, "balances", decimals(balances)));
        // the platform's account trades the contract in cross margin, as every new account does
        facts.put("marginModes", Map.of(symbol, "CROSS"));
        facts.put("markPrices", decimals(markPrices));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("action", Action.OPEN_POSITION.name());
        body.put("params", trade(symbol, side.name(), quantity, price, leverage));
        body.put("facts", facts);
        return read(expect(OK, request().body(body).post("/v1/decisions")), null, Decision.class);
    }

    /** Records a contract's new mark price; the service answers with what the change brought about. */
    MarkPriceChange setMarkPrice(String symbol, BigDecimal price) {
        return read(expect(OK, request().body(Map.of("price", price.toPlainString()))
                .put("/v1/mark-prices/{symbol}", symbol)), null, MarkPriceChange.class);
    }

    /** The account's recorded liquidations, auto-deleveraging and margin calls, newest first. */
    List<LiquidationEvent> liquidationHistory(String accountId) {
        return read(expect(OK, request().queryParam("accountId", accountId).get("/v1/liquidations")),
                new TypeReference<>() { });
    }

    /** Each side's positions in the contract, in the order auto-deleveraging would take them. */
    Map<PositionSide, List<AdlQueueEntry>> adlQueue(String symbol) {
        return read(expect(OK, request().get("/v1/adl-queue/{symbol}", symbol)), new TypeReference<>() { });
    }

    /** What the insurance fund holds in {@code currency}; a currency it never held counts zero. */
    BigDecimal insuranceFund(String currency) {
        Map<String, BigDecimal> funds = read(expect(OK, request().get("/v1/insurance-fund")), new TypeReference<>() { });
        return funds.getOrDefault(currency, BigDecimal.ZERO);
    }

    /** Pays into the insurance fund (a positive {@code amount}) or takes from it (negative). */
    void transferInsuranceFund(String currency, BigDecimal amount) {
        String direction = amount.signum() > 0 ? "deposits" : "withdrawals";
        expect(OK, request().body(Map.of("amount", amount.abs().toPlainString()))
                .post("/v1/insurance-fund/{currency}/" + direction, currency));
    }

    /** A deposit into the insurance fund (positive) or a withdrawal (negative), as the service recorded it. */
    record FundTransfer(String currency, BigDecimal amount, BigDecimal balanceAfter, String by) {
    }

    /** The insurance fund's latest deposits and withdrawals, newest first. */
    List<FundTransfer> insuranceFundTransfers(int limit) {
        return read(expect(OK, request().queryParam("limit", limit).get("/v1/insurance-fund/transfers")),
                new TypeReference<>() { });
    }

    RuleSet activeRuleSet() {
        return read(expect(OK, request().get("/v1/rules")), null, RuleSet.class);
    }

    /** A JSON request to the service under test, signed in with the {@code Authorization} header value given, whatever the path. */
    RequestSpecification as(String authorization) {
        // auth().none(): the header alone signs in, whatever RestAssured's default user
        return given().baseUri(baseUrl()).contentType(ContentType.JSON).accept(ContentType.JSON)
                .auth().none().header("Authorization", authorization);
    }

    private RequestSpecification request() {
        return given().baseUri(baseUrl()).contentType(ContentType.JSON).accept(ContentType.JSON).auth().none()
                .filter((request, response, next) -> {
                    boolean rules = request.getUserDefinedPath().startsWith(RULES_PATH);
                    request.replaceHeader("Authorization", rules ? riskOfficer : platform);
                    return next.next(request, response);
                });
    }

    /** The user the trading platform signs in as. */
    static String platformUser() {
        return System.getProperty("acceptance.user", "platform");
    }

    /** The trading platform's {@code Authorization} header value. */
    static String platformAuthorization() {
        return basic("acceptance.user", "acceptance.password", "platform");
    }

    /** The risk officer's {@code Authorization} header value. */
    static String officerAuthorization() {
        return basic("acceptance.officer.user", "acceptance.officer.password", "officer");
    }

    /** A second risk officer's {@code Authorization} header value: the one who approves what the first proposes. */
    static String approverAuthorization() {
        return basic("acceptance.approver.user", "acceptance.approver.password", "approver");
    }

    /** An {@code Authorization} header value; the demo user {@code fallback} unless the properties name a user. */
    private static String basic(String userProperty, String passwordProperty, String fallback) {
        String user = System.getProperty(userProperty, fallback);
        String password = System.getProperty(passwordProperty, user.equals(fallback) ? fallback : "");
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> trade(String symbol, String side, BigDecimal quantity, BigDecimal price,
                                             BigDecimal leverage) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("symbol", symbol);
        body.put("side", side);
        body.put("quantity", quantity.toPlainString());
        body.put("price", price.toPlainString());
        if (leverage != null) {
            body.put("leverage", leverage.toPlainString());
        }
        return body;
    }

    private static Map<String, Object> margin(MarginTransfer type, String amount, String currency) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.name());
        body.put("amount", amount);
        body.put("currency", currency);
        return body;
    }

    private static Map<String, String> decimals(Map<String, BigDecimal> amounts) {
        Map<String, String> strings = new LinkedHashMap<>();
        amounts.forEach((key, value) -> strings.put(key, value.toPlainString()));
        return strings;
    }

    /**
     * An action's decision. The service answers an allowed action with {@code allowedStatus} and a
     * denied one with 422; either way the body carries the decision, and the two must agree.
     */
    private static Decision decision(Response response, int allowedStatus) {
        int status = response.statusCode();
        if (status != allowedStatus && status != DENIED) {
            fail("expected " + allowedStatus + " or " + DENIED + " but the service answered " + status + ": "
                    + response.asString());
        }
        Decision decision = read(response, "decision", Decision.class);
        assertEquals(status == allowedStatus, decision.allowed(),
                "status " + status + " disagrees with the decision: " + response.asString());
        return decision;
    }

    /** Invalid input is answered with a problem naming the fields, never with a decision. */
    private static Problem invalid(Response response) {
        expect(INVALID, response);
        assertTrue(response.contentType().startsWith(PROBLEM_JSON),
                () -> "expected " + PROBLEM_JSON + " but was " + response.contentType());
        try {
            assertFalse(JSON.readTree(response.asString()).has("decision"),
                    () -> "invalid input must not be decided: " + response.asString());
        } catch (JsonProcessingException e) {
            throw new AssertionError("unreadable answer: " + response.asString(), e);
        }
        return read(response, null, Problem.class);
    }

    private static Response expect(int status, Response response) {
        assertEquals(status, response.statusCode(), () -> "unexpected answer: " + response.asString());
        return response;
    }

    private static <T> T read(Response response, TypeReference<T> type) {
        try {
            return JSON.readValue(response.asString(), type);
        } catch (JsonProcessingException e) {
            throw new AssertionError("unreadable answer: " + response.asString(), e);
        }
    }

    private static <T> T read(Response response, String field, Class<T> type) {
        try {
            JsonNode body = JSON.readTree(response.asString());
            return JSON.treeToValue(field == null ? body : body.get(field), type);
        } catch (JsonProcessingException e) {
            throw new AssertionError("unreadable answer: " + response.asString(), e);
        }
    }
}

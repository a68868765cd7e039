package com.riskpolicy.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/api.md, Access: /q/metrics is open, so it must never repeat what a caller sent. HTTP requests are
 * counted by route template, whatever the answer, and a path that matches no route gets one fixed
 * label, so neither an account id nor a flood of made-up paths reaches the metrics.
 */
@QuarkusTest
class MetricsLabelsTest {

    private static final Pattern REQUEST_COUNT = Pattern.compile("^http_server_requests_seconds_count\\{(.*)}",
            Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** What a request gets that matches no route of the API (docs/api.md: bounded, never the raw path). */
    private static final String UNMATCHED = "/{unmatched}";

    @Test
    void a_secret_in_the_path_never_reaches_the_metrics_whatever_the_answer() throws IOException {
        String secret = "customer-secret-" + new Random().nextInt(1_000_000);
        given().auth().preemptive().basic("intruder", "wrong").contentType(ContentType.JSON)
                .body(Map.of("currency", "USDT", "amount", "1"))
                .post("/v1/accounts/" + secret + "-401/deposits").then().statusCode(401);
        given().auth().preemptive().basic("auditor", "auditor").contentType(ContentType.JSON)
                .body(Map.of("currency", "USDT", "amount", "1"))
                .post("/v1/accounts/" + secret + "-403/deposits").then().statusCode(403);
        given().get("/v1/accounts/" + secret + "-404").then().statusCode(404);
        given().patch("/v1/accounts/" + secret + "-405").then().statusCode(405);
        given().contentType(ContentType.JSON).body("{\"currency\":\"USDT\",\"amount\":\"" + "1".repeat(1_100_000) + "\"}")
                .post("/v1/accounts/" + secret + "-413/deposits").then().statusCode(413);
        String account = secret + "-200";
        given().contentType(ContentType.JSON).body(Map.of("accountId", account, "balances", Map.of("USDT", "1")))
                .post("/v1/accounts").then().statusCode(201);
        given().get("/v1/accounts/" + account).then().statusCode(200);
        given().get("/v1/" + secret + "-unmatched").then().statusCode(404);
        given().auth().preemptive().basic("officer", "officer").contentType(ContentType.JSON)
                .body(Map.of("revision", "sha256:" + "0".repeat(64))).post("/v1/rules/rollback").then().statusCode(404);
        given().auth().preemptive().basic("intruder", "wrong").get("/q/" + secret + "-operations").then().statusCode(401);
        RawHttp.status("127.0.0.1", secret.toUpperCase().replace('-', '_') + " /v1/contracts HTTP/1.1",
                RawHttp.basic("platform", "platform"));
        // refused by Vert.x Web before any route runs
        RawHttp.statusOf("127.0.0.1", "GET /v1/accounts/" + secret + "-no-host HTTP/1.1\r\nAuthorization: "
                + RawHttp.basic("platform", "platform"));

        String metrics = metrics();
        assertThat(metrics, not(containsString(secret)));
        assertThat(metrics.toLowerCase(), not(containsString(secret.replace('-', '_'))));
        Set<String> counted = requestLabels(metrics);
        for (String expected : List.of(
                "POST /v1/accounts/{accountId}/deposits 401", "POST /v1/accounts/{accountId}/deposits 403",
                "GET /v1/accounts/{accountId} 404", "PATCH /v1/accounts/{accountId} 405",
                "POST /v1/accounts/{accountId}/deposits 413", "GET /v1/accounts/{accountId} 200",
                "GET " + UNMATCHED + " 404", "POST /v1/rules/rollback 404", "UNKNOWN /v1/contracts 403",
                "GET /v1/accounts/{accountId} 400")) {
            assertThat(counted, hasItem(expected));
        }
    }

    @Test
    void made_up_paths_leave_the_uri_labels_bounded_by_the_route_templates() {
        Random random = new Random(11);
        for (int i = 0; i < 2_000; i++) {
            String token = Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
            String path = switch (i % 5) {
                case 0 -> "/v1/" + token;
                case 1 -> "/v1/accounts/" + token + "/" + token;
                case 2 -> "/" + token;
                case 3 -> "/v1/rules/" + token;
                default -> "/v1/accounts/" + token;
            };
            switch (i % 3) {
                case 0 -> given().get(path);
                case 1 -> given().auth().none().post(path);
                default -> given().auth().preemptive().basic("intruder-" + (i % 7), "wrong").delete(path);
            }
        }
        Set<String> allowed = new HashSet<>(routeTemplates());
        allowed.add(UNMATCHED);
        Set<String> uris = uriLabels(metrics());
        assertThat(uris, everyItem(in(allowed)));
        assertThat(uris.size(), lessThanOrEqualTo(allowed.size()));
    }

    @Test
    void the_route_templates_of_the_openapi_document_are_what_the_labels_are_checked_against() {
        assertThat(routeTemplates(), not(empty()));
        assertThat(routeTemplates(), hasItem("/v1/accounts/{accountId}/deposits"));
    }

    private static String metrics() {
        return given().auth().none().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** Every counted request as "METHOD uri status". */
    private static Set<String> requestLabels(String metrics) {
        Set<String> requests = new TreeSet<>();
        for (Map<String, String> labels : requestCounts(metrics)) {
            requests.add(labels.get("method") + " " + labels.get("uri") + " " + labels.get("status"));
        }
        return requests;
    }

    private static Set<String> uriLabels(String metrics) {
        Set<String> uris = new TreeSet<>();
        requestCounts(metrics).forEach(labels -> uris.add(labels.get("uri")));
        return uris;
    }

    private static List<Map<String, String>> requestCounts(String metrics) {
        Matcher line = REQUEST_COUNT.matcher(metrics);
        List<Map<String, String>> counts = new ArrayList<>();
        while (line.find()) {
            Map<String, String> labels = new HashMap<>();
            Matcher label = LABEL.matcher(line.group(1));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
            counts.add(labels);
        }
        return counts;
    }

    /** The paths of the public contract: the OpenAPI document, not the code under test. */
    private static Set<String> routeTemplates() {
        Map<String, Object> paths = given().auth().none().accept("application/json").get("/q/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        return new TreeSet<>(paths.keySet());
    }
}

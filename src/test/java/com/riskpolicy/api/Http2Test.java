package com.riskpolicy.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Requests over HTTP/2 (cleartext, prior knowledge), which a platform's client may speak: a POST
 * without a body ends with its headers and carries no Content-Length, and is answered as over
 * HTTP/1.1 (it was a bare 500: the body check read the ended request before the REST layer).
 */
@QuarkusTest
class Http2Test {

    @Inject
    Vertx vertx;

    private record Answer(String protocol, int status, String body) {
    }

    private Answer post(String path, String user, String body) throws Exception {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
        try {
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                    .setPort(RestAssured.port).setURI(path)
                    .putHeader("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)));
            if (body != null) {
                options.putHeader("Content-Type", "application/json");
            }
            HttpClientResponse response = client.request(options)
                    .compose(request -> body == null ? request.send() : request.send(Buffer.buffer(body)))
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            Buffer answered = response.body().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            return new Answer(response.version().name(), response.statusCode(), answered.toString());
        } finally {
            client.close();
        }
    }

    @Test
    void a_post_without_a_body_is_answered_over_http2() throws Exception {
        Answer reload = post("/v1/rules/reload", "officer", null);

        assertEquals("HTTP_2", reload.protocol());
        assertEquals(200, reload.status(), reload.body());
    }

    @Test
    void a_post_with_a_body_is_answered_over_http2() throws Exception {
        Answer created = post("/v1/accounts", "platform", "{\"accountId\":\"over-http2\",\"balances\":{\"USDT\":\"10\"}}");

        assertEquals("HTTP_2", created.protocol());
        assertEquals(201, created.status(), created.body());
    }
}

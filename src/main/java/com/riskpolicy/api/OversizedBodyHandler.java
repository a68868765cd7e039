package com.riskpolicy.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body over the size limit with a problem+json 413. A body whose Content-Length is known
 * is refused before anything reads it. A chunked HTTP/1.1 body (no Content-Length) is read here,
 * after authentication, up to the limit: the REST layer would otherwise find it too large while
 * reading it and answer a bare 413 of its own. Over the limit, the read fails with 413 and
 * {@link HttpProblems} answers it. Over HTTP/2 a body without Content-Length is left to the REST
 * layer (which answers such a body over the limit with its own bare 413): a request read here could
 * no longer be paused there.
 */
public class OversizedBodyHandler {

    void register(@Observes Router router, ObjectMapper json,
                  @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize limit) {
        long maxBytes = limit.asLongValue();
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length, maxBytes)) {
                context.response().putHeader(HttpHeaders.CONNECTION, "close");
                AccessProblems.send(context, json, tooLarge(maxBytes));
            } else {
                context.next();
            }
        });
        BodyHandler chunked = BodyHandler.create(false).setBodyLimit(maxBytes);
        // after Quarkus' authentication (-200), authorization (-100) and its own Content-Length check (-2)
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(context -> {
            if (isChunkedBody(context.request())) {
                chunked.handle(context);
            } else {
                context.next();
            }
        });
    }

    static Problem tooLarge(long maxBytes) {
        return new Problem("about:blank", "Content Too Large", 413,
                "The request body is larger than the service accepts (" + maxBytes + " bytes).", null, null);
    }

    private static boolean isChunkedBody(HttpServerRequest request) {
        HttpMethod method = request.method();
        // Not over HTTP/2, where a body need not say its length: a request read here is one the REST
        // layer can no longer pause, and a POST without a body (no Content-Length either) was a 500
        return (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH)
                && request.version() != HttpVersion.HTTP_2
                && !request.headers().contains(HttpHeaders.CONTENT_LENGTH);
    }

    private static boolean isOver(String contentLength, long maxBytes) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

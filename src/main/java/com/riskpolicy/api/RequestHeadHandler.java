package com.riskpolicy.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses, as problem+json, a request URI that is not a URI (400) or longer than
 * {@code policy.http.max-uri-length} (414), and headers larger than
 * {@code policy.http.max-header-size} in all (431).
 *
 * <p>Vert.x answers such requests itself, with an empty body, when they reach its own limits
 * ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size}) or Quarkus' URI
 * check; Quarkus offers no hook into those answers. So Vert.x's limits are set well above these,
 * Quarkus' URI check is turned off (the system property {@code vertx.disableURIValidation}, which
 * {@code ops.Main} sets) and this handler, first on every request, draws the lines.
 */
public class RequestHeadHandler {

    void register(@Observes Router router, ObjectMapper json,
                  @ConfigProperty(name = "policy.http.max-uri-length") MemorySize maxUri,
                  @ConfigProperty(name = "policy.http.max-header-size") MemorySize maxHeaders) {
        long maxUriLength = maxUri.asLongValue();
        long maxHeaderSize = maxHeaders.asLongValue();
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            HttpServerRequest request = context.request();
            Problem problem = null;
            if (request.uri().length() > maxUriLength) {
                problem = new Problem("about:blank", "URI Too Long", 414,
                        "The request URI is longer than the service accepts (" + maxUriLength + " characters).", null, null);
            } else if (!isUri(request.uri())) {
                problem = new Problem("about:blank", "Bad Request", 400,
                        "The request URI is not a valid URI (RFC 3986): percent-encode what it may not hold.", null, null);
            } else if (headerSize(request) > maxHeaderSize) {
                problem = new Problem("about:blank", "Request Header Fields Too Large", 431,
                        "The request headers are larger than the service accepts (" + maxHeaderSize + " bytes in all).",
                        null, null);
            }
            if (problem == null) {
                context.next();
            } else {
                AccessProblems.send(context, json, problem);
            }
        });
    }

    private static boolean isUri(String uri) {
        try {
            new URI(uri);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** As HTTP/1.1 sends them: {@code name: value} and a line break each. */
    private static long headerSize(HttpServerRequest request) {
        long size = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            size += header.getKey().length() + header.getValue().length() + 4;
        }
        return size;
    }
}

package com.riskpolicy.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A 4xx that the HTTP layer decides before any resource runs, as problem+json: a request without a
 * valid Host header, a chunked body over the limit ({@link OversizedBodyHandler}), a path no route takes
 * (a relative URI). The failure handler answers failures that reach the router's failure chain;
 * the error handlers answer what Vert.x would otherwise end with a bare status. A 403 is
 * {@link AccessProblems}', which comes first in the chain.
 */
public class HttpProblems {

    void register(@Observes Router router, ObjectMapper json,
                  @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize limit) {
        long maxBytes = limit.asLongValue();
        router.route().order(RouteConstants.ROUTE_ORDER_AFTER_DEFAULT).failureHandler(context -> {
            int status = status(context);
            if (context.response().ended() && context.failure() instanceof HttpClosedException) {
                // the client hung up after its answer (a 413 sent before the whole body arrived): nothing to answer
                return;
            }
            if (status >= 400 && status < 500 && !context.response().headWritten()) {
                answer(context, json, status, maxBytes);
            } else {
                context.next();
            }
        });
        for (int status = 400; status < 500; status++) {
            int code = status;
            router.errorHandler(code, context -> answer(context, json, code, maxBytes));
        }
    }

    private static int status(RoutingContext context) {
        return context.failure() instanceof HttpException http ? http.getStatusCode() : context.statusCode();
    }

    private static void answer(RoutingContext context, ObjectMapper json, int status, long maxBytes) {
        if (context.response().headWritten()) {
            return;
        }
        if (status == 413) {
            // the rest of the body is still on its way: do not read it for a next request
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
            AccessProblems.send(context, json, OversizedBodyHandler.tooLarge(maxBytes));
            return;
        }
        String title = HttpResponseStatus.valueOf(status).reasonPhrase();
        String detail = switch (status) {
            case 400 -> "The request is not a valid HTTP request for this service.";
            case 404 -> "There is nothing at " + context.request().uri() + ".";
            default -> title + ".";
        };
        AccessProblems.send(context, json, new Problem("about:blank", title, status, detail, null, null));
    }
}

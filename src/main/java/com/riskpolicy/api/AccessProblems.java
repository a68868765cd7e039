package com.riskpolicy.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.ForbiddenException;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;

/**
 * 403 as problem+json. The access rules in application.properties are checked on the HTTP layer,
 * before any resource is chosen, so a refusal never reaches the exception mappers: Quarkus fails
 * the request with a {@link ForbiddenException}, and this failure handler answers it. (401, and 429
 * for repeated wrong passwords, are answered by {@link ProblemBasicAuthentication}.)
 */
public class AccessProblems {

    void register(@Observes Router router, ObjectMapper json) {
        router.route().failureHandler(context -> {
            if (context.failure() instanceof ForbiddenException && !context.response().ended()) {
                String detail = user(context) + " may not " + context.request().method() + " "
                        + context.normalizedPath() + ".";
                send(context, json, new Problem("about:blank", "Forbidden", 403, detail, null, null));
            } else {
                context.next();
            }
        });
    }

    static void send(RoutingContext context, ObjectMapper json, Problem problem) {
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem that cannot be written as JSON: " + problem, e);
        }
        HttpServerResponse response = context.response();
        response.setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE.toString())
                .end(body);
    }

    private static String user(RoutingContext context) {
        if (context.user() instanceof QuarkusHttpUser user && !user.getSecurityIdentity().isAnonymous()) {
            return "User " + user.getSecurityIdentity().getPrincipal().getName();
        }
        return "An anonymous caller";
    }
}

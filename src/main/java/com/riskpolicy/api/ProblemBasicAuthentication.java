package com.riskpolicy.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.security.BasicAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * HTTP Basic over the service's user list, answering missing or wrong credentials with a 401
 * problem+json that carries the {@code WWW-Authenticate: Basic realm="…"} challenge.
 *
 * <p>Quarkus' own Basic mechanism does the work; this one only writes a body into the challenge
 * that Quarkus would otherwise send empty. A request without credentials on a protected path and
 * one with wrong credentials both end in {@link #sendChallenge}. Being a mechanism bean of the
 * application, it replaces Quarkus' default Basic bean, which is why application.properties does
 * not set {@code quarkus.http.auth.basic}.
 */
@Singleton
public class ProblemBasicAuthentication extends BasicAuthenticationMechanism {

    private final ChallengeData challenge;
    private final ObjectMapper json;

    @Inject
    ProblemBasicAuthentication(@ConfigProperty(name = "quarkus.http.auth.realm") String realm, ObjectMapper json) {
        super(realm, false);
        this.challenge = new ChallengeData(401, "WWW-Authenticate", "Basic realm=\"" + realm + "\"");
        this.json = json;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(challenge);
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        challenge.getHeaders().forEach((name, value) -> context.response().putHeader(name, value));
        String detail = context.request().headers().contains(HttpHeaders.AUTHORIZATION)
                ? "The credentials were not accepted."
                : "This request needs the credentials of a user of this service (HTTP Basic).";
        AccessProblems.send(context, json, new Problem("about:blank", "Unauthorized", challenge.status, detail, null, null));
        return Uni.createFrom().item(true);
    }
}

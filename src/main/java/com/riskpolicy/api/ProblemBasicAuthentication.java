package com.riskpolicy.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import com.riskpolicy.access.SignInThrottle.Client;
import com.riskpolicy.access.SignInThrottle;
import com.riskpolicy.access.SignInThrottleConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.BasicAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * HTTP Basic over the service's user list, answering missing or wrong credentials with a 401
 * problem+json that carries the {@code WWW-Authenticate: Basic realm="…"} challenge, and repeated
 * wrong passwords with a 429 and {@code Retry-After} ({@link SignInThrottle}).
 *
 * <p>Quarkus' own Basic mechanism does the work; this one writes a body into the challenge that
 * Quarkus would otherwise send empty, and puts the throttle between it and the user list. A request
 * without credentials on a protected path, one with wrong credentials and one that must wait all
 * end in {@link #sendChallenge}. Being a mechanism bean of the application, it replaces Quarkus'
 * default Basic bean, which is why application.properties does not set {@code quarkus.http.auth.basic}.
 *
 * <p>The client address is the connection's, or the one a trusted proxy forwarded when
 * {@code quarkus.http.proxy.*} says so: behind a proxy without it, all clients share its address.
 */
@Singleton
public class ProblemBasicAuthentication extends BasicAuthenticationMechanism {

    /** Routing-context entry: how long a throttled caller must wait. */
    private static final String RETRY_AFTER = ProblemBasicAuthentication.class.getName() + ".retryAfter";

    private final ChallengeData challenge;
    private final ObjectMapper json;
    private final SignInThrottle throttle;
    private final Counter failures;
    private final Counter throttled;

    @Inject
    ProblemBasicAuthentication(@ConfigProperty(name = "quarkus.http.auth.realm") String realm, ObjectMapper json,
                               SignInThrottleConfig throttleConfig, Ticker clock, MeterRegistry registry) {
        super(realm, false);
        this.challenge = new ChallengeData(401, "WWW-Authenticate", "Basic realm=\"" + realm + "\"");
        this.json = json;
        this.throttle = new SignInThrottle(throttleConfig.settings(), clock);
        this.failures = Counter.builder("policy.security.sign-in.failures")
                .description("Sign-ins refused for a wrong user name or password (401 with credentials)")
                .register(registry);
        this.throttled = Counter.builder("policy.security.sign-in.throttled")
                .description("Sign-ins refused unchecked (429) because the address failed too often for that user name")
                .register(registry);
        Gauge.builder("policy.security.sign-in.tracked", throttle, SignInThrottle::tracked)
                .description("Pairs of client address and user name with recent failed sign-ins")
                .register(registry);
    }

    /** The clock of the sign-in delays: monotonic, so that a change of the wall clock neither ends nor prolongs one. */
    @Produces
    @Singleton
    static Ticker signInClock() {
        return Ticker.systemTicker();
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        return super.authenticate(context, new Throttled(context, identities));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(challenge);
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        Duration wait = context.get(RETRY_AFTER);
        if (wait != null) {
            throttled.increment();
            long seconds = Math.max(1, (wait.toNanos() + 999_999_999) / 1_000_000_000);
            context.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            AccessProblems.send(context, json, new Problem("about:blank", "Too Many Requests", 429,
                    "Too many failed sign-ins for this user name from this address: try again in " + seconds
                            + " s. Sign-ins from other addresses are not affected.", null, null));
            return Uni.createFrom().item(true);
        }
        challenge.getHeaders().forEach((name, value) -> context.response().putHeader(name, value));
        String detail = context.request().headers().contains(HttpHeaders.AUTHORIZATION)
                ? "The credentials were not accepted."
                : "This request needs the credentials of a user of this service (HTTP Basic).";
        AccessProblems.send(context, json, new Problem("about:blank", "Unauthorized", challenge.status, detail, null, null));
        return Uni.createFrom().item(true);
    }

    /** The user list behind the throttle: a caller that must wait is refused before its password is checked. */
    private final class Throttled implements IdentityProviderManager {

        private final RoutingContext context;
        private final IdentityProviderManager identities;

        Throttled(RoutingContext context, IdentityProviderManager identities) {
            this.context = context;
            this.identities = identities;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(AuthenticationRequest request) {
            if (!(request instanceof UsernamePasswordAuthenticationRequest credentials)) {
                return identities.authenticate(request);
            }
            SocketAddress address = context.request().remoteAddress();
            Client caller = Client.of(address == null ? "unknown" : address.hostAddress(), credentials.getUsername());
            Duration wait = throttle.waitFor(caller);
            if (!wait.isZero()) {
                context.put(RETRY_AFTER, wait);
                return Uni.createFrom().failure(new AuthenticationFailedException("sign-ins throttled"));
            }
            return identities.authenticate(request).onItemOrFailure().invoke((identity, failure) -> {
                if (failure instanceof AuthenticationFailedException) {
                    failures.increment();
                    throttle.failed(caller);
                } else if (failure == null) {
                    throttle.succeeded(caller);
                }
            });
        }

        @Override
        public SecurityIdentity authenticateBlocking(AuthenticationRequest request) {
            return authenticate(request).await().indefinitely();
        }
    }
}

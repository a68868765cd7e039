package com.riskpolicy.api;

import com.riskpolicy.api.ApiRequests.CheckOpenPosition;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The HTTP baseline of the check benchmark (issue 15; BENCHMARKS.md, HTTP checks beside their
 * baseline): everything a check goes through on the HTTP side and nothing else. The same path prefix,
 * and so the same access rule (the platform's {@code /v1/checks/*}), the same HTTP Basic sign-in, the
 * same strict JSON reading and validation of the same body as {@code POST /v1/checks/open-position},
 * answered as JSON: the body read, echoed. No rule set, no account, no decision, no decision log.
 *
 * <p>Off unless {@code policy.benchmark.baseline-endpoint=true}: then the path answers as any path
 * no resource takes, 404 problem+json, before its body is read. The OpenAPI document lists it, as
 * the metrics' route templates are checked against that document, and says so.
 */
@Path("/v1/checks/baseline")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Checks")
public class BaselineResource {

    @POST
    @SwitchedOn
    @Operation(summary = "The HTTP check benchmark's baseline: answers an open-position check's body back, deciding"
            + " nothing; 404 unless the service runs with policy.benchmark.baseline-endpoint=true")
    public CheckOpenPosition echo(@Valid @NotNull CheckOpenPosition body) {
        return body;
    }

    /** Binds {@link Switch} to the baseline's method alone. */
    @NameBinding
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @interface SwitchedOn {
    }

    /**
     * Refuses the baseline while it is off, as an unknown path, before the body is read (a request
     * filter runs before the body is deserialised), so a malformed body to it is a 404 too.
     */
    @Provider
    @SwitchedOn
    public static class Switch implements ContainerRequestFilter {

        private final boolean on;

        public Switch(@ConfigProperty(name = "policy.benchmark.baseline-endpoint", defaultValue = "false") boolean on) {
            this.on = on;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            if (!on) {
                // what Quarkus REST says of a path that no resource takes
                throw new NotFoundException("Unable to find matching target resource method");
            }
        }
    }
}

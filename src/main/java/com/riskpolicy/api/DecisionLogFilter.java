package com.riskpolicy.api;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import com.riskpolicy.decision.DecisionSource;
import com.riskpolicy.decisionlog.DecisionLogQuery;
import com.riskpolicy.decisionlog.LogPosition;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.Outcome;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The query parameters of {@code GET /v1/decisions}, read by {@link QueryParameters} and checked by
 * Bean Validation: which logged decisions, how many, and after which page.
 */
@DecisionLogFilter.ToAfterFrom
public class DecisionLogFilter {

    @QueryParam("accountId")
    String accountId;

    @QueryParam("action")
    @Parameter(description = "the action's name (REMOVE_MARGIN) or its check path (remove-margin)")
    Action action;

    @QueryParam("decision")
    Outcome decision;

    @QueryParam("source")
    DecisionSource source;

    @QueryParam("from")
    @Parameter(description = "inclusive, an ISO-8601 instant")
    Instant from;

    @QueryParam("to")
    @Parameter(description = "exclusive, an ISO-8601 instant after from")
    Instant to;

    @QueryParam("limit")
    @DefaultValue("50")
    @Min(value = 1, message = QueryParameters.LIMIT)
    @Max(value = 1000, message = QueryParameters.LIMIT)
    int limit;

    @QueryParam("cursor")
    @Parameter(description = "the nextCursor of the previous page", schema = @Schema(type = SchemaType.STRING))
    LogPosition cursor;

    DecisionLogQuery query() {
        return new DecisionLogQuery(accountId == null || accountId.isBlank() ? null : accountId, action, decision,
                source, from, to, limit, cursor);
    }

    /** {@code to}, when given with {@code from}, is after it. */
    @Target(TYPE)
    @Retention(RUNTIME)
    @Constraint(validatedBy = ToAfterFrom.Check.class)
    @interface ToAfterFrom {

        String message() default "must be after from";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Check implements ConstraintValidator<ToAfterFrom, DecisionLogFilter> {

            @Override
            public boolean isValid(DecisionLogFilter filter, ConstraintValidatorContext context) {
                if (filter.from == null || filter.to == null || filter.to.isAfter(filter.from)) {
                    return true;
                }
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                        .addPropertyNode("to").addConstraintViolation();
                return false;
            }
        }
    }
}

package com.riskpolicy.api;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A price: above zero at the ledger's 8 decimal places, so at least 0.00000001 (a smaller one would
 * show, and liquidate, as 0), with at most 30 integer and 18 fraction digits. Null passes.
 */
@DecimalMin("0.00000001")
@Digits(integer = 30, fraction = 18)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface Price {
    String message() default "must be a price of at least 0.00000001 with at most 30 integer and 18 fraction digits";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}

package com.riskpolicy.api;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Digits;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** Any decimal input: at most 30 integer and 18 fraction digits (docs/api.md). Null passes. */
@Digits(integer = 30, fraction = 18)
@Constraint(validatedBy = {})
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface Decimal {
    String message() default "must have at most 30 integer and 18 fraction digits";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}

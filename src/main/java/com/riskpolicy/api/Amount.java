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
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** An amount of money: positive, at most 30 integer digits and the ledger's 8 decimal places. */
@NotNull
@Positive
@Digits(integer = 30, fraction = 8)
@Constraint(validatedBy = {})
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface Amount {
    String message() default "must be a positive amount with at most 8 decimal places";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}

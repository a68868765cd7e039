package com.riskpolicy.api;

import java.util.List;

/** Input that passed the field constraints but is still unusable, e.g. an unknown symbol in a body. */
public class InvalidInputException extends RuntimeException {

    private final List<Problem.FieldError> errors;

    public InvalidInputException(String field, String message) {
        super(field + " " + message);
        this.errors = List.of(new Problem.FieldError(field, message));
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}

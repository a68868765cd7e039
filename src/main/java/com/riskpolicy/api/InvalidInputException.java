package com.riskpolicy.api;

import jakarta.ws.rs.BadRequestException;
import java.util.List;

/**
 * Input that passed the field constraints but is still unusable, e.g. an unknown symbol in a body,
 * or a query parameter that is not of its type. A {@link BadRequestException}, so that JAX-RS passes
 * it on from a parameter converter as it is ({@link QueryParameters}) instead of turning it into a 404.
 */
public class InvalidInputException extends BadRequestException {

    private final List<Problem.FieldError> errors;

    public InvalidInputException(String field, String message) {
        super(field + " " + message);
        this.errors = List.of(new Problem.FieldError(field, message));
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}

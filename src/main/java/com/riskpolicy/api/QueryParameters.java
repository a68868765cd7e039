package com.riskpolicy.api;

import com.riskpolicy.decisionlog.LogPosition;
import com.riskpolicy.domain.Action;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads typed query parameters so that a value that is not of its type is a 400 problem naming the
 * parameter ({@link InvalidInputException}), as a value out of range is (Bean Validation on the
 * parameter): left to JAX-RS, a query parameter it cannot convert is a 404, as if the resource were
 * not there. A blank value counts as not given: the parameter's {@link DefaultValue}, else null.
 *
 * <p>Types: {@code int} (the limits, each with its default), ISO-8601 instants, enums by exact name
 * (an {@link Action} by its check path too, {@code remove-margin}) and the decision log's cursor
 * ({@link LogPosition}). Other parameters, strings, are left to JAX-RS.
 */
@Provider
public class QueryParameters implements ParamConverterProvider {

    /** The message of a {@code limit} out of range: every listing takes 1 to 1000. */
    static final String LIMIT = "must be a whole number from 1 to 1000";

    /** Reads a value that is not blank, or refuses it naming the parameter. */
    @FunctionalInterface
    private interface Reader {
        Object read(String parameter, String value);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T> ParamConverter<T> getConverter(Class<T> type, Type genericType, Annotation[] annotations) {
        QueryParam query = annotation(annotations, QueryParam.class);
        if (query == null) {
            return null;
        }
        Reader reader;
        if (type == int.class) {
            reader = QueryParameters::wholeNumber;
        } else if (type == Instant.class) {
            reader = QueryParameters::instant;
        } else if (type == LogPosition.class) {
            reader = (parameter, value) -> LogPosition.parse(value).orElseThrow(() ->
                    new InvalidInputException(parameter, "is not a cursor this service returned as nextCursor"));
        } else if (type == Action.class) {
            reader = (parameter, value) -> Action.fromSlug(value)
                    .orElseGet(() -> Inputs.enumValue(parameter, value, Action.class));
        } else if (type.isEnum()) {
            reader = (parameter, value) -> Inputs.enumValue(parameter, value, (Class) type);
        } else {
            return null;
        }
        DefaultValue byDefault = annotation(annotations, DefaultValue.class);
        return new Converter<>(query.value(), reader, byDefault == null ? null : byDefault.value());
    }

    private record Converter<T>(String parameter, Reader reader, String byDefault) implements ParamConverter<T> {

        @Override
        @SuppressWarnings("unchecked")
        public T fromString(String value) {
            String given = value == null || value.isBlank() ? byDefault : value;
            return given == null ? null : (T) reader.read(parameter, given);
        }

        @Override
        public String toString(T value) {
            return value instanceof LogPosition position ? position.text() : String.valueOf(value);
        }
    }

    private static Integer wholeNumber(String parameter, String value) {
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(parameter, "must be a whole number");
        }
    }

    private static Instant instant(String parameter, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(parameter, "must be an ISO-8601 instant such as 2026-11-25T12:00:00Z");
        }
    }

    private static <A extends Annotation> A annotation(Annotation[] annotations, Class<A> type) {
        for (Annotation annotation : annotations == null ? new Annotation[0] : annotations) {
            if (type.isInstance(annotation)) {
                return type.cast(annotation);
            }
        }
        return null;
    }
}

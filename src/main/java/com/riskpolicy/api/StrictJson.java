package com.riskpolicy.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.util.AccessPattern;
import jakarta.inject.Inject;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How request bodies are read (docs/api.md "Errors"): strictly. A duplicate key, an enum that is not
 * exactly one of its names, a decimal outside the plain grammar, a number or boolean where a string
 * belongs, and {@code null} in place of a decimal or an enum are each refused, naming the field;
 * so is anything after the body's JSON value.
 *
 * <p>The REST layer reads and writes with a copy of the application's ObjectMapper that differs only
 * in how it reads, so responses are written exactly as the application's mapper writes them. These
 * rules are for what clients send; the application's mapper, which Quarkus extensions may use too,
 * stays as it is.
 */
@Provider
public class StrictJson implements ContextResolver<ObjectMapper> {

    private final ObjectMapper mapper;

    @Inject
    StrictJson(ObjectMapper application) {
        this.mapper = strict(application);
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return mapper;
    }

    static ObjectMapper strict(ObjectMapper application) {
        ObjectMapper strict = application.copy();
        strict.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        strict.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        SimpleModule module = new SimpleModule("strict-requests");
        module.addDeserializer(BigDecimal.class, new PlainDecimal());
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                              BeanDescription description, JsonDeserializer<?> standard) {
                return new ExactEnum(type.getRawClass());
            }
        });
        strict.registerModule(module);
        // identifiers (accountId, symbol, currency, …) as numbers or booleans; counts and flags as strings
        strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return strict;
    }

    /**
     * A JSON value the strict reader refused; {@link #fieldMessage()} is what the client reads
     * after the field's name.
     */
    public static final class RefusedValueException extends InvalidFormatException {

        private final String fieldMessage;

        RefusedValueException(JsonParser parser, String fieldMessage, Object value, Class<?> type) {
            super(parser, fieldMessage, value, type);
            this.fieldMessage = fieldMessage;
        }

        public String fieldMessage() {
            return fieldMessage;
        }
    }

    private static final String NULL_MESSAGE = "must not be null (leave an optional field out to get its default)";

    /**
     * A decimal as a string or a JSON number, either way in the plain grammar
     * {@code -?[0-9]+(\.[0-9]+)?}: no exponent, no {@code +}, no spaces, no bare point. A JSON number
     * is held to it by its literal text, so {@code 1e2} is refused like {@code "1e2"}.
     */
    static final class PlainDecimal extends StdScalarDeserializer<BigDecimal> {

        static final String MESSAGE = "must be a decimal in plain notation such as \"20000.5\": an optional '-',"
                + " digits and an optional fraction (no exponent, '+', spaces or bare point)";
        /** 30 integer and 18 fraction digits, a sign and a point fit well within it; longer is never parsed. */
        private static final int MAX_LENGTH = 100;
        private static final Pattern GRAMMAR = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

        PlainDecimal() {
            super(BigDecimal.class);
        }

        @Override
        public BigDecimal deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonToken token = parser.currentToken();
            if (token != JsonToken.VALUE_STRING && token != JsonToken.VALUE_NUMBER_INT
                    && token != JsonToken.VALUE_NUMBER_FLOAT) {
                throw new RefusedValueException(parser, MESSAGE, null, BigDecimal.class);
            }
            String text = parser.getText();
            if (text.length() > MAX_LENGTH) {
                throw new RefusedValueException(parser, "must have at most 30 integer and 18 fraction digits", null,
                        BigDecimal.class);
            }
            if (!GRAMMAR.matcher(text).matches()) {
                throw new RefusedValueException(parser, MESSAGE, text, BigDecimal.class);
            }
            return new BigDecimal(text);
        }

        @Override
        public AccessPattern getNullAccessPattern() {
            return AccessPattern.DYNAMIC;
        }

        @Override
        public BigDecimal getNullValue(DeserializationContext context) throws JsonMappingException {
            throw new RefusedValueException(context.getParser(), NULL_MESSAGE, null, BigDecimal.class);
        }

        @Override
        public Object getAbsentValue(DeserializationContext context) {
            return null;
        }
    }

    /** An enum constant by its exact name: not by its number, not in another case, not with spaces around it. */
    static final class ExactEnum extends StdScalarDeserializer<Object> {

        private final Map<String, Object> byName;
        private final String message;

        ExactEnum(Class<?> type) {
            super(type);
            Object[] constants = type.getEnumConstants();
            this.byName = Arrays.stream(constants)
                    .collect(Collectors.toMap(constant -> ((Enum<?>) constant).name(), Function.identity()));
            this.message = "must be one of " + Arrays.toString(constants);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            Object constant = parser.currentToken() == JsonToken.VALUE_STRING ? byName.get(parser.getText()) : null;
            if (constant == null) {
                throw new RefusedValueException(parser, message, null, handledType());
            }
            return constant;
        }

        @Override
        public AccessPattern getNullAccessPattern() {
            return AccessPattern.DYNAMIC;
        }

        @Override
        public Object getNullValue(DeserializationContext context) throws JsonMappingException {
            throw new RefusedValueException(context.getParser(), NULL_MESSAGE, null, handledType());
        }

        @Override
        public Object getAbsentValue(DeserializationContext context) {
            return null;
        }
    }
}

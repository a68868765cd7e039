package com.riskpolicy.decisionlog;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.riskpolicy.decision.Decision;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/**
 * How the decision log stores input facts and decisions: JSON with every decimal as a plain string
 * at full precision (never rounded, never in exponent notation), so that reading it back gives the
 * same {@link BigDecimal}s the rules saw. Written by {@link LogJsonWriter}, read by data binding.
 */
public final class DecisionLogJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .withConfigOverride(BigDecimal.class, o -> o.setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING)))
            .build();

    private DecisionLogJson() {
    }

    /** The input facts as the log stores them: the account before, with its mark prices, and the request. */
    public static String input(LoggedDecision logged) {
        return LogJsonWriter.input(logged);
    }

    /** The decision as the service returned it, its preview rounded for output. */
    static String decision(Decision decision) {
        return LogJsonWriter.decision(decision);
    }

    /** What data binding writes: the reference {@link LogJsonWriter} is held to, and what is read. */
    static String bound(Object value) {
        return write(value);
    }

    public static LoggedInput readInput(String json) {
        return read(json, LoggedInput.class);
    }

    public static Decision readDecision(String json) {
        return read(json, Decision.class);
    }

    /** The stored JSON as a tree, to show as it is. */
    public static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

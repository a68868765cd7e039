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
import com.riskpolicy.decision.DecisionView;
import com.riskpolicy.decision.PositionRiskView;
import com.riskpolicy.domain.Display;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/**
 * The log's two JSON documents, written and read by data binding. The decision is stored in its one
 * shape, {@link DecisionView}, exactly as the service answers it. The input facts are stored with
 * every decimal as a plain string at full precision (never rounded, never in exponent notation), so
 * that reading them back gives the same {@link BigDecimal}s the rules saw.
 *
 * <p>The deciding thread writes both for every decision. A hand-written streaming writer costs as
 * much CPU and allocates more (BENCHMARKS.md, "Decision-log JSON": about 5 µs per decision either
 * way), so data binding it is.
 *
 * <p>A check answers with the very document the log keeps: each thread remembers the last decision
 * it wrote ({@link #decision}), so the answer that follows the log's row is not rendered again.
 */
public final class DecisionLogJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Position.isIsolated() is derived, not a fact to store
            .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .withConfigOverride(BigDecimal.class, o -> o.setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING)))
            .build();

    /** The last decision written on each thread; decisions are immutable, so it is the same document. */
    private static final ThreadLocal<Written> LAST_DECISION = new ThreadLocal<>();

    private record Written(Decision decision, String json) {
    }

    private DecisionLogJson() {
    }

    /** The input facts as the log stores them: the account before, with its mark prices, and the request. */
    public static String input(LoggedDecision logged) {
        return write(LoggedInput.of(logged));
    }

    /**
     * The decision as the service answers it: the same characters for the log's row and for the
     * answer. The last decision written on this thread is answered from memory, so a check that
     * logged its decision answers without writing it again.
     */
    public static String decision(Decision decision) {
        Written last = LAST_DECISION.get();
        if (last != null && last.decision() == decision) {
            return last.json();
        }
        String json = write(DecisionView.of(decision));
        LAST_DECISION.set(new Written(decision, json));
        return json;
    }

    public static LoggedInput readInput(String json) {
        return read(json, LoggedInput.class);
    }

    /**
     * The decision as the service answered it. Rows written before the decision had one shape hold a
     * preview's quantities and leverages as the ledger held them ({@code 0.100000000000000000});
     * they read back as the service shows them ({@code 0.1}), as every other figure already is.
     */
    public static DecisionView readDecision(String json) {
        DecisionView view = read(json, DecisionView.class);
        DecisionView.PreviewView p = view.preview();
        if (p == null) {
            return view;
        }
        return new DecisionView(view.decisionId(), view.action(), view.decision(), view.violations(), view.warnings(),
                new DecisionView.PreviewView(asShown(p.before()), asShown(p.after()), p.transferFromCross(),
                        p.crossRiskRatioBefore(), p.crossRiskRatioAfter()),
                view.ruleSetRevision(), view.firedRules(), view.evaluatedAt());
    }

    /** The stored JSON as a tree, to show as it is. */
    public static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PositionRiskView asShown(PositionRiskView r) {
        if (r == null) {
            return null;
        }
        return new PositionRiskView(r.symbol(), r.mode(), r.side(), plain(r.quantity()), r.entryPrice(), r.markPrice(),
                plain(r.leverage()), r.positionValue(), r.unrealizedPnl(), r.isolatedMargin(), r.marginBalance(),
                r.initialMargin(), r.maintenanceMargin(), r.maintenanceMarginRate(), r.tier(), r.riskRatio(),
                r.liquidationPrice(), r.liquidatable());
    }

    private static String plain(String decimal) {
        return decimal == null ? null : Display.plain(new BigDecimal(decimal));
    }

    /** Any value as the log writes it. */
    static String write(Object value) {
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
